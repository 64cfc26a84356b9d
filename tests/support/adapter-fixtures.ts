import type { SendContext } from "@/lib/providers/types";

// What every adapter test sends with: one attempt's context and a PDF attachment.

export const context: SendContext = {
  idempotencyKey: "attempt-7f1c2c4e-first",
  attemptId: "7f1c2c4e-5b1d-4c11-9a55-0e0c1c6a9d01",
  statusCallbackUrl: "https://herald.example/api/webhooks/twilio",
};

export const pdf = { filename: "invoice-12345.pdf", contentType: "application/pdf", content: new TextEncoder().encode("%PDF-1.7 test") };
