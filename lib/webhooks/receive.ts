import { createHash } from "node:crypto";
import type { Db } from "@/db/client";
import { recordWebhookRejection } from "@/db/queries/webhook-rejections";
import { PROVIDER_NAMES } from "@/lib/attempts";
import { HeraldError } from "@/lib/errors";
import { applyProviderEvents } from "./apply-provider-events";
import type { ProviderEventOutcome } from "./plan-feedback";
import { parsePeppolWebhook } from "./peppol";
import { parsePingenWebhook } from "./pingen";
import type { ProviderEvent, RawWebhook } from "./provider-event";
import { parseResendWebhook } from "./resend";
import { parseSendgridWebhook } from "./sendgrid";
import { parseTwilioWebhook } from "./twilio";
import { publicRequestUrl, verifyWebhookRequest, type WebhookProvider, type WebhookSecrets } from "./verify";

// One webhook request, start to finish: read the raw body (bounded), verify the signature
// on exactly those bytes, parse it into provider events, store-then-apply each in order,
// then have the caller publish the fallback jobs the failures queued. A refused request
// stores nothing but a counter; a verified one is always stored, even when Herald cannot
// read it.

/**
 * SendGrid posts batches of up to ~768 KB and a retried backlog can be larger; nothing
 * legitimate comes near 5 MB, and the limit bounds what an unauthenticated caller can make
 * us buffer before the signature is checked.
 */
export const MAX_WEBHOOK_BYTES = 5 * 1024 * 1024;

export const PARSERS: Record<WebhookProvider, (raw: RawWebhook) => ProviderEvent[]> = {
  resend: parseResendWebhook,
  sendgrid: parseSendgridWebhook,
  twilio: parseTwilioWebhook,
  pingen: parsePingenWebhook,
  peppol: parsePeppolWebhook,
};

export type ReceiveDependencies = {
  db: Db;
  secrets: WebhookSecrets;
  /** HERALD_PUBLIC_URL: the public origin providers call (Twilio signs the full URL). */
  publicBaseUrl?: string;
  /** Publishes the jobs this request queued (the fallbacks its failures call for); never throws. */
  publishJobs: () => Promise<void>;
  now?: Date;
  maxBytes?: number;
};

export type WebhookReceipt = { received: number } & Record<ProviderEventOutcome, number>;

export async function receiveProviderWebhook(
  provider: WebhookProvider,
  request: Request,
  deps: ReceiveDependencies,
): Promise<WebhookReceipt> {
  const now = deps.now ?? new Date();
  const raw = await readVerifiedWebhook(provider, request, { ...deps, now });
  const receipt: WebhookReceipt = { received: 0, applied: 0, ignored: 0, duplicate: 0, unknown_message: 0, unrecognised: 0 };
  const { events, failures } = await applyProviderEvents(deps.db, PARSERS[provider](raw), { receivedAt: now });
  for (const { outcome } of events) {
    receipt.received++;
    receipt[outcome]++;
  }
  // The fallback jobs were committed with the failures (the outbox): what cannot be
  // published now is published by the next drain, and the provider gets its 2xx either way.
  if (failures.length > 0) await deps.publishJobs();
  return receipt;
}

/**
 * The request's body, read no further than `maxBytes` and verified on exactly those bytes.
 * A refusal stores nothing but a counter, and throws the HTTP answer (413, 401).
 */
export async function readVerifiedWebhook(
  provider: WebhookProvider,
  request: Request,
  deps: Pick<ReceiveDependencies, "db" | "secrets" | "publicBaseUrl" | "maxBytes"> & { now: Date },
): Promise<RawWebhook> {
  const { now } = deps;
  const name = PROVIDER_NAMES[provider];
  const maxBytes = deps.maxBytes ?? MAX_WEBHOOK_BYTES;
  const body = await readBoundedBody(request, maxBytes);
  if (!body) {
    const detail = `body larger than ${maxBytes} bytes`;
    await recordWebhookRejection(deps.db, { provider, reason: "payload_too_large", detail, at: now });
    throw new HeraldError(413, "payload_too_large", `${name} webhook refused: ${detail} — split the batch`);
  }

  const publicUrl = publicRequestUrl(request, deps.publicBaseUrl);
  const check = await verifyWebhookRequest(provider, body, request.headers, { secrets: deps.secrets, publicUrl, now });
  if (!check.ok) {
    await recordWebhookRejection(deps.db, { provider, reason: "invalid_signature", detail: check.reason, at: now });
    throw new HeraldError(401, "invalid_signature", `${name} webhook signature rejected: ${check.reason}`);
  }
  return { text: new TextDecoder().decode(body), headers: request.headers, bodySha256: sha256Hex(body) };
}

/** The body's bytes, or null once it exceeds `maxBytes` (read no further than that). */
async function readBoundedBody(request: Request, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) return null;
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

// Synchronous: Web Crypto's digest hands every call to the thread pool, which costs more than
// hashing a webhook body.
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
