import type { Db } from "@/db/client";
import type { ProviderRouting } from "@/lib/failover/routing";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { WebhookIngress } from "@/lib/webhooks/webhook-url";

// What the sending engine needs from its surroundings, passed in so the Inngest functions,
// the embedded runner and the tests run the same code against their own database and
// providers.

export type RetryPolicy = {
  /** Hand-over tries before a temporary failure counts as final (then: fall back). */
  maxTries: number;
  /** Wait before try n + 1 (n = 1, 2, …); a provider's Retry-After is honoured when longer. */
  delayMs: (tries: number) => number;
};

export type SendingDeps = {
  db: Db;
  providers: ProviderRegistry;
  retry: RetryPolicy;
  /** Where providers post per-message status callbacks (Twilio), from HERALD_PUBLIC_URL. */
  publicBaseUrl?: string;
  /** Which webhook route the status callbacks name (lib/webhooks/webhook-url.ts); default direct. */
  webhookIngress?: WebhookIngress;
  /** Provider failover inside a channel; absent: every attempt stays with the provider it was made for. */
  failover?: ProviderRouting;
  now?: () => Date;
};

/** 30 s, 2 min, 8 min, 32 min: about 45 minutes of outage before falling back. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxTries: 5,
  delayMs: (tries) => 30_000 * 4 ** (tries - 1),
};

/** A claimed hand-over is this worker's for this long; a crashed worker's lease then runs out. */
export const HANDOVER_LEASE_MS = 5 * 60_000;
