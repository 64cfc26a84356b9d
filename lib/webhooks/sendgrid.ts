import { z } from "zod";
import { FAILURE_CLASS, type FailureClass, STATUS } from "@/lib/status";
import {
  attemptIdFrom,
  describeIssues,
  type EventEffect,
  parseJson,
  parseTime,
  type ProviderEvent,
  type RawWebhook,
  statusEffect,
  unreadableBody,
} from "./provider-event";

// SendGrid posts a JSON array of events (a batch: up to 768 KB every 30 s per server). Each
// element is its own provider event keyed by sg_event_id. sg_message_id is
// "<x-message-id>.<filter…>": the part before the first "." is the id the send returned.
// Async bounces may lack sg_message_id, so our attempt id also travels as a custom arg.

const sendgridEventSchema = z.object({
  event: z.string(),
  sg_event_id: z.string().min(1).optional(),
  sg_message_id: z.string().min(1).optional(),
  timestamp: z.number().optional(),
  type: z.string().optional(),
  reason: z.string().optional(),
  status: z.string().optional(),
  response: z.string().optional(),
  bounce_classification: z.string().optional(),
  attempt_id: z.unknown().optional(),
});

type SendgridEvent = z.infer<typeof sendgridEventSchema>;

export function parseSendgridWebhook(raw: RawWebhook): ProviderEvent[] {
  const json = parseJson(raw.text);
  if (!json.ok) return [unreadableBody("sendgrid", raw, json.detail)];
  if (!Array.isArray(json.value)) return [unreadableBody("sendgrid", raw, "body is not a JSON array of events")];
  return json.value.map((element, index) => toProviderEvent(element, `${raw.bodySha256}:${index}`));
}

function toProviderEvent(element: unknown, fallbackKey: string): ProviderEvent {
  const parsed = sendgridEventSchema.safeParse(element);
  if (!parsed.success) {
    return {
      provider: "sendgrid",
      eventKey: `unreadable:${fallbackKey}`,
      eventType: "unknown",
      providerMessageId: null,
      attemptIdHint: null,
      occurredAt: null,
      payload: element,
      effect: { kind: "unrecognised", detail: `unexpected SendGrid event: ${describeIssues(parsed.error.issues)}` },
    };
  }
  const event = parsed.data;
  const messageId = event.sg_message_id?.split(".")[0] || null;
  return {
    provider: "sendgrid",
    // sg_event_id may change on a retry (sendgrid-nodejs#1435): then the event is stored
    // twice, which is harmless — applying it again is a no-op under the status model.
    eventKey: event.sg_event_id ?? `${messageId}:${event.event}:${event.timestamp ?? fallbackKey}`,
    eventType: event.event,
    providerMessageId: messageId,
    attemptIdHint: attemptIdFrom(event.attempt_id),
    occurredAt: parseTime(event.timestamp),
    payload: element,
    effect: sendgridEffect(event),
  };
}

export function sendgridEffect(event: SendgridEvent): EventEffect {
  switch (event.event) {
    case "processed":
      return statusEffect("email", STATUS.accepted);
    case "deferred":
      return {
        kind: "informational",
        detail: `Delivery deferred by the receiving server (${event.response ?? "no response"}); SendGrid keeps retrying for up to 72 hours`,
      };
    case "delivered":
      return statusEffect("email", STATUS.delivered, "Delivered");
    case "bounce":
      return bounceEffect(event);
    case "dropped":
      return droppedEffect(event.reason ?? "unknown reason");
    case "open":
      return { kind: "engagement", flag: "opened" };
    case "click":
      return { kind: "engagement", flag: "clicked" };
    case "spamreport":
      return { kind: "engagement", flag: "complained" };
    // The address is suppressed by lib/webhooks/contact-verdicts.ts; a resubscribe does not
    // lift it: only an admin does, with a reason (app/(staff)/suppressions).
    case "unsubscribe":
    case "group_unsubscribe":
      return {
        kind: "informational",
        detail: `The recipient used SendGrid's ${event.event.replace("_", " ")} link; Herald no longer sends e-mail to this address (see Suppressions)`,
      };
    case "group_resubscribe":
      return {
        kind: "informational",
        detail:
          "The recipient resubscribed at SendGrid; if Herald suppressed the address, an admin can lift the suppression on the Suppressions page",
      };
    default:
      return { kind: "unrecognised", detail: `SendGrid event type "${event.event}" is not one Herald tracks` };
  }
}

// type=bounce is a hard bounce, type=blocked a temporary one (SendGrid's own words);
// bounce_classification refines both when present.
const BOUNCE_CLASSES: Record<string, FailureClass> = {
  "Invalid Address": FAILURE_CLASS.permanent_recipient,
  "Mailbox Unavailable": FAILURE_CLASS.permanent_recipient,
  Content: FAILURE_CLASS.permanent_content,
  "Technical Failure": FAILURE_CLASS.temporary,
  Reputation: FAILURE_CLASS.temporary,
  "Frequency or Volume Too High": FAILURE_CLASS.temporary,
};

function bounceEffect(event: SendgridEvent): EventEffect {
  const blocked = event.type === "blocked";
  const failureClass =
    BOUNCE_CLASSES[event.bounce_classification ?? ""] ?? (blocked ? FAILURE_CLASS.temporary : FAILURE_CLASS.permanent_recipient);
  const reason = event.reason ?? "no reason given";
  const code = event.status ?? null;
  const errorMessage = blocked
    ? `Blocked by the recipient's mail server (${code ?? "no status"}): ${reason} — ask the customer to allow our sender address, or use another channel`
    : `E-mail address bounced (${code ?? "no status"}): ${reason} — check the address with the customer and resend`;
  return statusEffect("email", STATUS.failed, blocked ? "Blocked" : "Bounced", { failureClass, errorCode: code, errorMessage });
}

// SendGrid's documented drop reasons. A drop means SendGrid refused to send: rejected.
const DROP_REASONS: Record<string, { failureClass: FailureClass; advice: string }> = {
  "Bounced Address": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    advice: "the address bounced before and is suppressed at SendGrid; confirm the address, then resend",
  },
  "Unsubscribed Address": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    advice: "the recipient unsubscribed from our e-mails; confirm the billing contact or use another channel",
  },
  "Spam Reporting Address": {
    failureClass: FAILURE_CLASS.permanent_recipient,
    advice: "the recipient reported our e-mail as spam; use another channel",
  },
  Invalid: { failureClass: FAILURE_CLASS.permanent_recipient, advice: "the address is not a valid e-mail address; correct it and resend" },
  "Spam Content": {
    failureClass: FAILURE_CLASS.permanent_content,
    advice: "SendGrid judged the content as spam; review the template, then resend",
  },
  "Invalid SMTPAPI header": {
    failureClass: FAILURE_CLASS.permanent_content,
    advice: "our request to SendGrid was malformed; report it to the Herald team",
  },
  "Recipient List over Package Quota": {
    failureClass: FAILURE_CLASS.permanent_content,
    advice: "the SendGrid plan's quota is used up; upgrade it, then resend",
  },
};

function droppedEffect(reason: string): EventEffect {
  const known = DROP_REASONS[reason];
  return statusEffect("email", STATUS.rejected, "Dropped", {
    failureClass: known?.failureClass ?? FAILURE_CLASS.permanent_recipient,
    errorCode: reason,
    errorMessage: `Dropped by SendGrid (${reason}) — ${known?.advice ?? "check the address and the SendGrid suppression lists, then resend"}`,
  });
}
