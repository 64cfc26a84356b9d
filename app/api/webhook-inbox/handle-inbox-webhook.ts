import { after } from "next/server";
import { getDb } from "@/db/client";
import { wakeInboxDrain } from "@/inngest/webhook-inbox";
import { toErrorResponse } from "@/lib/errors";
import { acceptWebhook } from "@/lib/webhooks/inbox";
import { webhookConfig, type WebhookProvider } from "@/lib/webhooks/verify";

// Shared by the five inbox routes (docs/deployment.md, "Webhook URLs"): verify, store the
// request in one INSERT, answer 202; its events are applied right after the response
// (after(): on a serverless host too), together with whatever else arrived meanwhile.
// 401 bad signature, 413 too large — as on /api/webhooks/<provider>.
export async function handleInboxWebhook(provider: WebhookProvider, request: Request): Promise<Response> {
  try {
    const { secrets, publicBaseUrl } = await webhookConfig();
    const receipt = await acceptWebhook(provider, request, { db: await getDb(), secrets, publicBaseUrl });
    after(wakeInboxDrain);
    return Response.json(receipt, { status: 202, headers: { "cache-control": "no-store, no-transform" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
