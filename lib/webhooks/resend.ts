import { z } from "zod";
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
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// Resend posts one JSON event per request ({ type, created_at, data }), signed through Svix;
// the svix-id header is stable across retries and is the event key. The message id is
// data.email_id (the id resend.emails.send returned). Vocabulary: docs/providers.md.

const resendEventSchema = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z.object({
    email_id: z.string().min(1),
    // Our attempt id travels as a tag; Resend echoes tags as an object or a name/value list.
    tags: z.union([z.record(z.string(), z.unknown()), z.array(z.object({ name: z.string(), value: z.unknown() }))]).optional(),
    bounce: z.object({ type: z.string(), subType: z.string().optional(), message: z.string().optional() }).optional(),
    failed: z.object({ reason: z.string() }).optional(),
    suppressed: z.object({ type: z.string().optional(), message: z.string().optional() }).optional(),
  }),
});

type ResendEvent = z.infer<typeof resendEventSchema>;

/** What an event Herald cannot read still says about itself. Built once: a zod schema is costly to build, cheap to run. */
const envelopeSchema = z.object({ type: z.string() });

export function parseResendWebhook(raw: RawWebhook): ProviderEvent[] {
  const json = parseJson(raw.text);
  if (!json.ok) return [unreadableBody("resend", raw, json.detail)];
  const eventKey = raw.headers.get("svix-id") ?? raw.headers.get("webhook-id") ?? `body:${raw.bodySha256}`;
  const parsed = resendEventSchema.safeParse(json.value);
  if (!parsed.success) {
    const envelope = envelopeSchema.safeParse(json.value);
    return [
      {
        provider: "resend",
        eventKey,
        eventType: envelope.success ? envelope.data.type : "unknown",
        providerMessageId: null,
        attemptIdHint: null,
        occurredAt: null,
        payload: json.value,
        effect: { kind: "unrecognised", detail: `unexpected Resend payload: ${describeIssues(parsed.error.issues)}` },
      },
    ];
  }
  const event = parsed.data;
  return [
    {
      provider: "resend",
      eventKey,
      eventType: event.type,
      providerMessageId: event.data.email_id,
      attemptIdHint: attemptIdFrom(tagValue(event.data.tags, "attempt_id")),
      occurredAt: parseTime(event.created_at),
      payload: json.value,
      effect: resendEffect(event),
    },
  ];
}

export function resendEffect(event: ResendEvent): EventEffect {
  const { data } = event;
  switch (event.type) {
    case "email.sent":
    case "email.scheduled":
      return statusEffect("email", STATUS.accepted);
    case "email.delivered":
      return statusEffect("email", STATUS.delivered, "Delivered");
    case "email.delivery_delayed":
      return {
        kind: "informational",
        detail: "Delivery delayed: the receiving server deferred the message; Resend keeps retrying",
      };
    case "email.bounced":
      return bounceEffect(data.bounce);
    case "email.failed": {
      const reason = data.failed?.reason ?? "unknown";
      return statusEffect("email", STATUS.rejected, "Dropped", {
        failureClass: FAILURE_CLASS.permanent_content,
        errorCode: reason,
        errorMessage: `Resend did not send the e-mail (${reason}) — ${FAILED_HINTS[reason] ?? "check the Resend account (API key, verified sending domain, quota), then resend"}`,
      });
    }
    case "email.suppressed":
      return statusEffect("email", STATUS.rejected, "Dropped", {
        failureClass: FAILURE_CLASS.permanent_recipient,
        errorCode: data.suppressed?.type ?? "suppressed",
        errorMessage:
          "Resend suppressed the address after earlier hard bounces or complaints — confirm the address with the customer, then resend",
      });
    case "email.opened":
      return { kind: "engagement", flag: "opened" };
    case "email.clicked":
      return { kind: "engagement", flag: "clicked" };
    case "email.complained":
      return { kind: "engagement", flag: "complained" };
    default:
      return { kind: "unrecognised", detail: `Resend event type "${event.type}" is not one Herald tracks` };
  }
}

// Resend runs on SES: Permanent is a hard bounce; Transient (mailbox full, blocked,
// throttled) and Undetermined may succeed later, so they are temporary failures.
function bounceEffect(bounce: ResendEvent["data"]["bounce"]): EventEffect {
  const code = [bounce?.type, bounce?.subType].filter(Boolean).join("/") || null;
  const said = bounce?.message ? `: ${bounce.message}` : "";
  if (bounce?.type === "Permanent") {
    return statusEffect("email", STATUS.failed, "Bounced", {
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: code,
      errorMessage: `E-mail address bounced (${code})${said} — check the address with the customer and resend`,
    });
  }
  return statusEffect("email", STATUS.failed, bounce?.type === "Transient" ? "Blocked" : "Bounced", {
    failureClass: FAILURE_CLASS.temporary,
    errorCode: code,
    errorMessage: `E-mail temporarily refused by the recipient's server (${code ?? "unknown bounce"})${said} — retried automatically; if it persists, ask the customer to allow our sender address or use another channel`,
  });
}

const FAILED_HINTS: Record<string, string> = {
  reached_daily_quota: "the daily sending quota at Resend is used up; raise it or wait until tomorrow, then resend",
  reached_monthly_quota: "the monthly sending quota at Resend is used up; upgrade the plan, then resend",
};

function tagValue(tags: ResendEvent["data"]["tags"], name: string): unknown {
  if (!tags) return undefined;
  if (Array.isArray(tags)) return tags.find((tag) => tag.name === name)?.value;
  return tags[name];
}
