import { z } from "zod";
import { FAILURE_CLASS, type FailureClass, STATUS } from "@/lib/status";
import { describeIssues, type EventEffect, type ProviderEvent, type RawWebhook, statusEffect } from "./provider-event";

// Twilio posts one form-urlencoded status callback per status change (MessageSid,
// MessageStatus, ErrorCode…). It sends no event id and no timestamp: a message reaches
// each status once, so (MessageSid, MessageStatus) is the event key, and the only time is
// RawDlrDoneDate (YYMMDDhhmm, UTC) on delivered/undelivered.

const twilioCallbackSchema = z.object({
  MessageSid: z.string().min(1),
  MessageStatus: z.string().min(1),
  ErrorCode: z.string().optional(),
  RawDlrDoneDate: z.string().optional(),
});

type TwilioCallback = z.infer<typeof twilioCallbackSchema>;

export function parseTwilioWebhook(raw: RawWebhook): ProviderEvent[] {
  const params = Object.fromEntries(new URLSearchParams(raw.text));
  const parsed = twilioCallbackSchema.safeParse(params);
  if (!parsed.success) {
    return [
      {
        provider: "twilio",
        eventKey: `unreadable:${raw.bodySha256}`,
        eventType: params.MessageStatus ?? "unknown",
        providerMessageId: params.MessageSid ?? null,
        attemptIdHint: null,
        occurredAt: null,
        payload: params,
        effect: { kind: "unrecognised", detail: `unexpected Twilio callback: ${describeIssues(parsed.error.issues)}` },
      },
    ];
  }
  const callback = parsed.data;
  return [
    {
      provider: "twilio",
      eventKey: `${callback.MessageSid}:${callback.MessageStatus}`,
      eventType: callback.MessageStatus,
      providerMessageId: callback.MessageSid,
      attemptIdHint: null,
      occurredAt: parseDlrDate(callback.RawDlrDoneDate),
      payload: params,
      effect: twilioEffect(callback),
    },
  ];
}

export function twilioEffect(callback: TwilioCallback): EventEffect {
  switch (callback.MessageStatus) {
    case "queued":
    case "accepted":
    case "scheduled":
    case "sending":
      return statusEffect("sms", STATUS.accepted);
    case "sent":
      return statusEffect("sms", STATUS.sent);
    case "delivered":
    case "read":
    case "partially_delivered":
      return statusEffect("sms", STATUS.delivered, "Delivered");
    case "undelivered":
      return statusEffect("sms", STATUS.failed, "Undelivered", smsFailure(callback.ErrorCode, "the carrier could not deliver the SMS"));
    case "failed":
      return statusEffect("sms", STATUS.failed, "Failed", smsFailure(callback.ErrorCode, "Twilio could not send the SMS"));
    case "canceled":
      return statusEffect("sms", STATUS.failed, "Failed", {
        failureClass: FAILURE_CLASS.permanent_content,
        errorCode: "canceled",
        errorMessage: "The scheduled SMS was canceled before it was sent — resend it if it is still needed",
      });
    default:
      return { kind: "unrecognised", detail: `Twilio message status "${callback.MessageStatus}" is not one Herald tracks` };
  }
}

// Twilio error codes (docs/providers.md) → what happens next and what staff should do.
const ERROR_CODES: Record<string, { failureClass: FailureClass; message: string }> = {
  "21211": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    message: "Invalid 'To' phone number (21211) — correct the number and resend",
  },
  "21610": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    message: "The recipient replied STOP (21610) — SMS is blocked for this number; use another channel",
  },
  "21614": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    message: "Not a mobile number (21614) — add a mobile number for the customer",
  },
  "21635": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    message: "Landline number (21635) — this number cannot receive SMS; add a mobile number",
  },
  "30001": { failureClass: FAILURE_CLASS.temporary, message: "Twilio's queue overflowed (30001) — retried automatically" },
  "30003": {
    failureClass: FAILURE_CLASS.temporary,
    message: "Unreachable handset (30003) — the phone may be off or out of coverage; retried automatically",
  },
  "30004": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    message: "Message blocked by the recipient or carrier (30004) — use another channel",
  },
  "30005": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    message: "Unknown handset (30005) — the number may no longer exist; check it with the customer",
  },
  "30006": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    message: "Landline or unreachable carrier (30006) — this number cannot receive SMS; add a mobile number",
  },
  "30007": {
    failureClass: FAILURE_CLASS.permanent_content,
    message: "Blocked by carrier filtering (30007) — shorten the message and remove links, then resend",
  },
  "30008": { failureClass: FAILURE_CLASS.temporary, message: "Unknown carrier error (30008) — retried automatically" },
  "30034": {
    failureClass: FAILURE_CLASS.permanent_content,
    message: "Sender not registered for A2P 10DLC (30034) — register the sender at Twilio, then resend",
  },
};

function smsFailure(code: string | undefined, what: string) {
  const known = code ? ERROR_CODES[code] : undefined;
  return {
    failureClass: known?.failureClass ?? FAILURE_CLASS.temporary,
    errorCode: code ?? null,
    errorMessage:
      known?.message ??
      `${what}${code ? ` (error ${code})` : ""} — retried automatically; look the code up at twilio.com/docs/api/errors if it persists`,
  };
}

function parseDlrDate(value: string | undefined): Date | null {
  const match = value && /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!match) return null;
  const [, yy, mm, dd, hh, min] = match.map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(2000 + yy, mm - 1, dd, hh, min));
  return Number.isNaN(date.getTime()) ? null : date;
}
