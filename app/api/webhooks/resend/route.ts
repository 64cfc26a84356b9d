import { handleProviderWebhook } from "../handle-provider-webhook";

// POST /api/webhooks/resend – Resend delivery events (one Svix-signed JSON event)
export function POST(request: Request) {
  return handleProviderWebhook("resend", request);
}
