import { handleProviderWebhook } from "../handle-provider-webhook";

// POST /api/webhooks/sendgrid – SendGrid Event Webhook (signed JSON batches)
export function POST(request: Request) {
  return handleProviderWebhook("sendgrid", request);
}
