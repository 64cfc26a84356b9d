import { handleInboxWebhook } from "../handle-inbox-webhook";

// POST /api/webhook-inbox/sendgrid – stored, then applied in batches: SendGrid Event Webhook (signed JSON batches)
export function POST(request: Request) {
  return handleInboxWebhook("sendgrid", request);
}
