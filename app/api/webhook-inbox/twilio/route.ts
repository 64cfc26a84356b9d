import { handleInboxWebhook } from "../handle-inbox-webhook";

// POST /api/webhook-inbox/twilio – stored, then applied in batches: Twilio SMS status callbacks (form-encoded, X-Twilio-Signature)
export function POST(request: Request) {
  return handleInboxWebhook("twilio", request);
}
