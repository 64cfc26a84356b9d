import { handleInboxWebhook } from "../handle-inbox-webhook";

// POST /api/webhook-inbox/pingen – stored, then applied in batches: Pingen letter webhooks (JSON:API, HMAC Signature header)
export function POST(request: Request) {
  return handleInboxWebhook("pingen", request);
}
