import { getDb } from "@/db/client";
import { publishOutbox } from "@/inngest/outbox";
import { toErrorResponse } from "@/lib/errors";
import { receiveProviderWebhook } from "@/lib/webhooks/receive";
import { webhookConfig, type WebhookProvider } from "@/lib/webhooks/verify";

// Shared by the five webhook routes: wire the app's database, secrets and job publisher
// into receiveProviderWebhook and map its outcome to HTTP. The configuration is read once per
// process (webhookConfig). 200 for everything stored
// (duplicates included — the provider must stop retrying), 401 bad signature, 413 too large.
export async function handleProviderWebhook(provider: WebhookProvider, request: Request): Promise<Response> {
  try {
    const { secrets, publicBaseUrl } = await webhookConfig();
    const receipt = await receiveProviderWebhook(provider, request, {
      db: await getDb(),
      secrets,
      publicBaseUrl,
      publishJobs: publishOutbox,
    });
    // A receipt is a few bytes: `next start` would gzip it (it drops a route's Content-Length,
    // so its under-1-KB threshold never applies), and zlib costs more than sending it as is.
    return Response.json(receipt, { headers: { "cache-control": "no-store, no-transform" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
