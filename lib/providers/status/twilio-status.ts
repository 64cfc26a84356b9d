import { z } from "zod";
import { statusResourceEvents } from "./answers";
import { parseTime, type ProviderEvent } from "@/lib/webhooks/provider-event";
import { twilioEffect } from "@/lib/webhooks/twilio";

// Twilio's Message resource, GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json
// (twilio.com/docs/messaging/api/message-resource#fetch-a-message-resource): `status` in
// the vocabulary of the status callbacks, `error_code` (a number, or null) and
// `date_updated` (RFC 2822). The event key is the callbacks' own, MessageSid:MessageStatus,
// so a status the webhook already reported is a duplicate here, and the webhook arriving
// after a poll is one there.

export const twilioMessageSchema = z.object({
  sid: z.string().min(1),
  status: z.string().min(1),
  error_code: z.union([z.number(), z.string()]).nullable().optional(),
  error_message: z.string().nullable().optional(),
  date_updated: z.string().nullable().optional(),
});

export function twilioStatusEvents(body: unknown, attemptId: string): ProviderEvent[] {
  return statusResourceEvents(
    { provider: "twilio", schema: twilioMessageSchema, name: "Twilio message resource" },
    body,
    attemptId,
    (message) => {
      const errorCode = message.error_code === null || message.error_code === undefined ? undefined : String(message.error_code);
      return [
        {
          provider: "twilio",
          eventKey: `${message.sid}:${message.status}`,
          eventType: message.status,
          providerMessageId: message.sid,
          attemptIdHint: attemptId,
          occurredAt: parseTime(message.date_updated),
          payload: { source: "status_api", ...message },
          effect: twilioEffect({ MessageSid: message.sid, MessageStatus: message.status, ErrorCode: errorCode }),
        },
      ];
    },
  );
}
