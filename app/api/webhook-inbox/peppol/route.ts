import { handleInboxWebhook } from "../handle-inbox-webhook";

// POST /api/webhook-inbox/peppol – stored, then applied in batches: Peppol access point transmission and MLS events (HMAC, timestamped)
export function POST(request: Request) {
  return handleInboxWebhook("peppol", request);
}
