import { handleProviderWebhook } from "../handle-provider-webhook";

// POST /api/webhooks/twilio – Twilio SMS status callbacks (form-encoded, X-Twilio-Signature)
export function POST(request: Request) {
  return handleProviderWebhook("twilio", request);
}
