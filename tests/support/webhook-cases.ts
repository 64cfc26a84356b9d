import { randomUUID } from "node:crypto";
import type { WebhookBody } from "@/lib/providers/sandbox/signed-request";
import {
  PEPPOL_EXTRA,
  peppolEvent,
  pingenWebhook,
  RESEND_DATA,
  resendEvent,
  SENDGRID_EXTRA,
  sendgridEvent,
  twilioCallback,
  twilioSid,
} from "@/lib/providers/sandbox/webhook-payloads";
import type { WebhookProvider } from "@/lib/webhooks/verify";

// Each webhook provider's own words for a message delivered and for it failing, with the
// status and label the failure must leave: what the route tests of both webhook routes post.
export const WEBHOOK_CASES: Record<
  WebhookProvider,
  { messageId: () => string; delivered: (id: string) => WebhookBody; failure: (id: string) => WebhookBody; failedAs: [string, string] }
> = {
  resend: {
    messageId: randomUUID,
    delivered: (id) => ({ json: resendEvent("email.delivered", id) }),
    failure: (id) => ({ json: resendEvent("email.bounced", id, RESEND_DATA["email.bounced"]) }),
    failedAs: ["failed", "Bounced"],
  },
  sendgrid: {
    messageId: () => randomUUID().slice(0, 22),
    delivered: (id) => ({ json: [sendgridEvent("delivered", id)] }),
    failure: (id) => ({ json: [sendgridEvent("bounce", id, SENDGRID_EXTRA.bounce)] }),
    failedAs: ["failed", "Bounced"],
  },
  twilio: {
    messageId: twilioSid,
    delivered: (id) => ({ form: twilioCallback(id, "delivered") }),
    failure: (id) => ({ form: twilioCallback(id, "undelivered", "30005") }),
    failedAs: ["failed", "Undelivered"],
  },
  pingen: {
    messageId: randomUUID,
    delivered: (id) => ({ json: pingenWebhook("webhook_delivered", id) }),
    failure: (id) => ({ json: pingenWebhook("webhook_undeliverable", id, { code: "returned_to_sender", reason: "Addressee unknown" }) }),
    failedAs: ["failed", "Returned"],
  },
  peppol: {
    messageId: randomUUID,
    delivered: (id) => ({ json: peppolEvent("mls.AP", id) }),
    failure: (id) => ({ json: peppolEvent("mls.RE", id, PEPPOL_EXTRA["mls.RE"]) }),
    failedAs: ["rejected", "Rejected"],
  },
};
