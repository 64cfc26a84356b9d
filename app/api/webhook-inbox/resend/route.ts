import { handleInboxWebhook } from "../handle-inbox-webhook";

// POST /api/webhook-inbox/resend – stored, then applied in batches: Resend delivery events (one Svix-signed JSON event)
export function POST(request: Request) {
  return handleInboxWebhook("resend", request);
}
