import { z } from "zod";
import { statusResourceEvents } from "./answers";
import { parseTime, type ProviderEvent } from "@/lib/webhooks/provider-event";
import { resendEffect } from "@/lib/webhooks/resend";
import { STATUS } from "@/lib/status";
import { statusEffect } from "@/lib/webhooks/provider-event";

// Resend's GET /emails/{id} (Retrieve Sent Email, resend.com/docs/api-reference/emails/retrieve-email;
// the SDK's GetEmailResponseSuccess): the e-mail with its `last_event`, one of the webhook
// event types without the `email.` prefix. It carries no bounce detail, so a `bounced`
// reads as Resend documents the event: the recipient's server rejected it permanently.
// The event key is the e-mail and its last event: a repeated poll stores nothing new. A
// webhook's key is its delivery id (svix-id), which the resource does not carry, so the
// same transition reported both ways is stored twice and applied once (the status rule).

export const resendEmailSchema = z.object({
  id: z.string().min(1),
  last_event: z.string().min(1),
  created_at: z.string().optional(),
  to: z.array(z.string()).optional(),
  subject: z.string().optional(),
});

export function resendStatusEvents(body: unknown, attemptId: string): ProviderEvent[] {
  return statusResourceEvents(
    { provider: "resend", schema: resendEmailSchema, name: "Resend e-mail resource" },
    body,
    attemptId,
    (email) => {
      const type = `email.${email.last_event}`;
      return [
        {
          provider: "resend",
          eventKey: `status:${email.id}:${email.last_event}`,
          eventType: type,
          providerMessageId: email.id,
          attemptIdHint: attemptId,
          // The resource says when the e-mail was created, not when its last event happened.
          occurredAt: email.last_event === "sent" ? parseTime(email.created_at) : null,
          // Without the bodies: what was sent is on the attempt already.
          payload: { source: "status_api", ...email },
          effect: effectOf(email.last_event, email.id),
        },
      ];
    },
  );
}

function effectOf(lastEvent: string, emailId: string) {
  // Still in Resend's queue: accepted, as `sent` is.
  if (lastEvent === "queued") return statusEffect("email", STATUS.accepted);
  if (lastEvent === "bounced") {
    return resendEffect({
      type: "email.bounced",
      data: { email_id: emailId, bounce: { type: "Permanent", message: "reported by Resend's status API (no bounce detail given)" } },
    });
  }
  return resendEffect({ type: `email.${lastEvent}`, data: { email_id: emailId } });
}
