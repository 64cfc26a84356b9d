import type { HeraldEnv } from "@/lib/env";
import type { Provider } from "@/lib/status";

// Where providers post their webhooks (docs/deployment.md, "Webhook URLs"):
// - inbox: /api/webhook-inbox/<provider> — one INSERT before the 2xx, applied in batches
//   right behind. The default on Postgres, where a burst would otherwise queue on the database.
// - direct: /api/webhooks/<provider> — applied within the request. The default on the
//   embedded database, which is in-process: an inbox would only add a step.
// Both routes stay served whatever is chosen; this picks what Herald itself hands out (Twilio's
// per-message status callback, the sandbox providers' webhooks).

export type WebhookIngress = "inbox" | "direct";

export function webhookIngress(env: Pick<HeraldEnv, "HERALD_WEBHOOK_INGRESS">, databaseUrl: string | undefined): WebhookIngress {
  return env.HERALD_WEBHOOK_INGRESS ?? (databaseUrl ? "inbox" : "direct");
}

export function webhookPath(provider: Provider, ingress: WebhookIngress = "direct"): string {
  return ingress === "inbox" ? `/api/webhook-inbox/${provider}` : `/api/webhooks/${provider}`;
}

export function webhookUrl(baseUrl: string, provider: Provider, ingress: WebhookIngress = "direct"): string {
  return `${baseUrl.replace(/\/$/, "")}${webhookPath(provider, ingress)}`;
}
