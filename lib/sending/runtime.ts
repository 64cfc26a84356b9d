import { getDb } from "@/db/client";
import { readEnv } from "@/lib/env";
import { createProviderRegistry, failoverSetup } from "@/lib/providers/registry";
import { createProviderRouting } from "@/lib/failover/routing";
import { DEFAULT_FAILOVER_CONFIG } from "@/lib/failover/policy";
import { webhookPoster } from "@/lib/providers/sandbox/deliver-webhook";
import { sandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { webhookIngress } from "@/lib/webhooks/webhook-url";
import { DEFAULT_RETRY_POLICY, type SendingDeps } from "./deps";

// The sending engine as the running app wires it: the app's database, the providers the
// environment configures (sandbox providers for the rest), posting their webhooks to this
// app's own routes. One per process (globalThis: Next evaluates modules once per bundle).

const globalForSending = globalThis as typeof globalThis & { __heraldSending?: Promise<SendingDeps> };

export function getSendingDeps(): Promise<SendingDeps> {
  globalForSending.__heraldSending ??= createSendingDeps().catch((error) => {
    globalForSending.__heraldSending = undefined;
    throw error;
  });
  return globalForSending.__heraldSending;
}

/** Tests and benchmarks run the engine against their own database and providers. */
export function provideSendingDeps(deps: SendingDeps): void {
  globalForSending.__heraldSending = Promise.resolve(deps);
}

async function createSendingDeps(): Promise<SendingDeps> {
  const env = readEnv();
  const ownOrigin = env.HERALD_PUBLIC_URL ?? `http://127.0.0.1:${process.env.PORT ?? "3000"}`;
  const ingress = webhookIngress(env, process.env.DATABASE_URL);
  const providers = createProviderRegistry(env, {
    deliver: webhookPoster({ baseUrl: ownOrigin, secrets: () => sandboxSecrets(env), ingress }),
    delayMs: env.HERALD_SANDBOX_DELAY_MS ?? 1_500,
  });
  return {
    db: await getDb(),
    providers,
    retry: DEFAULT_RETRY_POLICY,
    publicBaseUrl: env.HERALD_PUBLIC_URL,
    webhookIngress: ingress,
    failover: createProviderRouting(failoverSetup(env).groups, DEFAULT_FAILOVER_CONFIG),
  };
}
