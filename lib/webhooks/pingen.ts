import { z } from "zod";
import {
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

// The post provider (Pingen, JSON:API): one webhook per letter event. The webhook kind is
// data.type (webhook_sent / _delivered / _undeliverable / _issues); the precise event code
// is in the included letters_events record. relationships.event is the event key,
// relationships.letter the message id.

const relation = z.object({ data: z.object({ id: z.string().min(1) }) });

const pingenWebhookSchema = z.object({
  data: z.object({
    id: z.string().min(1),
    type: z.string(),
    attributes: z.object({
      reason: z.string().optional(),
      created_at: z.string().optional(),
      corrected_address: z.record(z.string(), z.unknown()).optional(),
    }),
    relationships: z.object({ letter: relation, event: relation.optional() }),
  }),
  included: z.array(z.unknown()).optional(),
});

const letterEventSchema = z.object({
  type: z.literal("letters_events"),
  id: z.string(),
  attributes: z.object({ code: z.string().optional(), name: z.string().optional(), emitted_at: z.string().optional() }),
});

type PingenWebhook = z.infer<typeof pingenWebhookSchema>;
type LetterEvent = z.infer<typeof letterEventSchema>["attributes"];

export function parsePingenWebhook(raw: RawWebhook): ProviderEvent[] {
  const json = parseJson(raw.text);
  if (!json.ok) return [unreadableBody("pingen", raw, json.detail)];
  const parsed = pingenWebhookSchema.safeParse(json.value);
  if (!parsed.success) {
    return [unreadableBody("pingen", raw, `unexpected Pingen webhook: ${describeIssues(parsed.error.issues)}`)];
  }
  const webhook = parsed.data;
  const eventId = webhook.data.relationships.event?.data.id ?? webhook.data.id;
  const letterEvent = findLetterEvent(webhook, eventId);
  return [
    {
      provider: "pingen",
      eventKey: eventId,
      eventType: letterEvent?.code ? `${webhook.data.type}:${letterEvent.code}` : webhook.data.type,
      providerMessageId: webhook.data.relationships.letter.data.id,
      attemptIdHint: null,
      occurredAt: parseTime(letterEvent?.emitted_at) ?? parseTime(webhook.data.attributes.created_at),
      payload: json.value,
      effect: pingenEffect(webhook, letterEvent),
    },
  ];
}

export function pingenEffect(webhook: PingenWebhook, letterEvent: LetterEvent | null): EventEffect {
  const { reason, corrected_address: corrected } = webhook.data.attributes;
  const code = letterEvent?.code ?? null;
  switch (webhook.data.type) {
    case "webhook_sent":
      return statusEffect("post", STATUS.sent, "Sent");
    case "webhook_delivered":
      return statusEffect("post", STATUS.delivered, "Delivered");
    case "webhook_undeliverable": {
      const suggestion = corrected ? ` Pingen suggests: ${formatAddress(corrected)}.` : "";
      return statusEffect("post", STATUS.failed, code?.includes("returned") ? "Returned" : "Failed", {
        failureClass: FAILURE_CLASS.permanent_recipient,
        errorCode: code ?? "undeliverable",
        errorMessage: `Letter undeliverable: ${reason ?? "the recipient could not be found at this address"} — update the postal address and resend.${suggestion}`,
      });
    }
    case "webhook_issues":
      return issueEffect(code, reason ?? letterEvent?.name ?? "no reason given");
    default:
      return { kind: "unrecognised", detail: `Pingen webhook type "${webhook.data.type}" is not one Herald tracks` };
  }
}

// An issue stops the letter before printing. Waiting for credits is not a verdict on the
// letter (it goes out once the account is topped up), so it changes no status.
function issueEffect(code: string | null, reason: string): EventEffect {
  if (code === "waiting_for_funds") {
    return { kind: "informational", detail: `Pingen is waiting for credits to send this letter (${reason}) — top up the Pingen account` };
  }
  if (code === "shipping_country_blocked") {
    return statusEffect("post", STATUS.rejected, undefined, {
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: code,
      errorMessage: `The print provider cannot post to this country (${reason}) — use another channel`,
    });
  }
  return statusEffect("post", STATUS.rejected, undefined, {
    failureClass: FAILURE_CLASS.permanent_content,
    errorCode: code ?? "issue",
    errorMessage: `Letter refused by the print provider${code ? ` (${code})` : ""}: ${reason} — fix the document, then resend`,
  });
}

function findLetterEvent(webhook: PingenWebhook, eventId: string): LetterEvent | null {
  const events = (webhook.included ?? []).flatMap((item) => {
    const parsed = letterEventSchema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
  return (events.find((event) => event.id === eventId) ?? events[0])?.attributes ?? null;
}

function formatAddress(address: Record<string, unknown>): string {
  const part = (key: string) => (typeof address[key] === "string" ? (address[key] as string) : "");
  return [part("name"), `${part("street")} ${part("number")}`.trim(), `${part("zip")} ${part("city")}`.trim(), part("country")]
    .filter(Boolean)
    .join(", ");
}
