import { POST as peppol } from "@/app/api/webhooks/peppol/route";
import { POST as pingen } from "@/app/api/webhooks/pingen/route";
import { POST as resend } from "@/app/api/webhooks/resend/route";
import { POST as sendgrid } from "@/app/api/webhooks/sendgrid/route";
import { POST as twilio } from "@/app/api/webhooks/twilio/route";
import type { WebhookProvider } from "@/lib/webhooks/verify";

/** The exported route handlers, called directly with a Request: no server needed. */
export const WEBHOOK_ROUTES: Record<WebhookProvider, (request: Request) => Promise<Response>> = {
  resend,
  sendgrid,
  twilio,
  pingen,
  peppol,
};
