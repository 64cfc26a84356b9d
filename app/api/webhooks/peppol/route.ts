import { handleProviderWebhook } from "../handle-provider-webhook";

// POST /api/webhooks/peppol – Peppol access point transmission and MLS events (HMAC, timestamped)
export function POST(request: Request) {
  return handleProviderWebhook("peppol", request);
}
