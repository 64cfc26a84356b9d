import { handleProviderWebhook } from "../handle-provider-webhook";

// POST /api/webhooks/pingen – Pingen letter webhooks (JSON:API, HMAC Signature header)
export function POST(request: Request) {
  return handleProviderWebhook("pingen", request);
}
