import type { Db } from "@/db/client";
import { markContactPointsInvalid, recordSuppressions } from "@/db/queries/suppressions";
import { type Category, type Provider, FAILURE_CLASS } from "@/lib/status";
import type { SuppressionKind } from "@/lib/routing/suppressions";
import type { Channel } from "@/lib/status";
import type { EventEffect } from "./provider-event";

// What a provider's feedback says about the contact point itself, beyond the attempt's
// status: the recipient unsubscribed or complained, the provider will not send to the
// address any more (its bounce list), or the address does not work (a hard bounce, an
// invalid number, an undeliverable letter). The first three become a suppression of the
// address, the last an invalid marker on the customer's contact point — recorded for every
// attempt the feedback is about, the latest or not (lib/webhooks/apply-provider-events.ts),
// and for refusals at hand-over (lib/sending/hand-over.ts).

export type ContactVerdict =
  | { kind: SuppressionKind; /** "category": only the attempt's category (a SendGrid group unsubscribe). */ scope: "all" | "category" }
  | { kind: "invalid" };

// SendGrid's unsubscribe and spam events (lib/webhooks/sendgrid.ts) are informational or
// engagement effects: their event type is the verdict.
const SENDGRID_EVENTS: Record<string, ContactVerdict> = {
  unsubscribe: { kind: "unsubscribed", scope: "all" },
  group_unsubscribe: { kind: "unsubscribed", scope: "category" },
  spamreport: { kind: "complained", scope: "all" },
};

// Failure codes that name a refusal of the recipient rather than a broken address: SendGrid
// drop reasons, Resend's suppression, Twilio 21610 (the recipient replied STOP).
const SUPPRESSING_CODES: Partial<Record<Provider, Record<string, SuppressionKind>>> = {
  sendgrid: { "Unsubscribed Address": "unsubscribed", "Spam Reporting Address": "complained", "Bounced Address": "bounced" },
  // A Permanent bounce of subtype Suppressed: SES refused the address from its list.
  resend: { "Permanent/Suppressed": "bounced" },
  twilio: { "21610": "unsubscribed" },
};

export function contactVerdict(event: { provider: Provider; eventType: string; effect: EventEffect }): ContactVerdict | null {
  const { provider, eventType, effect } = event;
  if (provider === "sendgrid" && SENDGRID_EVENTS[eventType]) return SENDGRID_EVENTS[eventType];
  if (provider === "resend" && eventType === "email.complained") return { kind: "complained", scope: "all" };
  if (effect.kind !== "status" || effect.failure?.failureClass !== FAILURE_CLASS.permanent_recipient) return null;
  if (provider === "resend" && eventType === "email.suppressed") return { kind: "bounced", scope: "all" };
  const suppressing = SUPPRESSING_CODES[provider]?.[effect.failure.errorCode ?? ""];
  return suppressing ? { kind: suppressing, scope: "all" } : { kind: "invalid" };
}

/** The attempt a verdict is about: whose contact point, which address, which category. */
export type VerdictSubject = {
  attemptId: string;
  customerId: string;
  channel: Channel;
  category: Category;
  recipient: string;
  contactPointId: string | null;
};

export type VerdictEntry = {
  subject: VerdictSubject;
  verdict: ContactVerdict;
  provider: Provider;
  eventType: string;
  /** What the provider said, as staff read it on the attempt. */
  detail: string;
  /** The attempt's label for the failure ("Bounced", "Undelivered"), for the invalid reason. */
  label: string;
  at: Date;
};

/** Writes the verdicts: suppressions of the addresses, invalid markers on the contact points. */
export async function applyContactVerdicts(db: Db, entries: readonly VerdictEntry[]) {
  const suppress = entries.flatMap(({ subject, verdict, provider, eventType, detail, at }) =>
    verdict.kind === "invalid"
      ? []
      : [
          {
            channel: subject.channel,
            address: subject.recipient,
            category: verdict.scope === "category" ? subject.category : null,
            kind: verdict.kind,
            provider,
            eventType,
            attemptId: subject.attemptId,
            detail,
            createdAt: at,
          },
        ],
  );
  await recordSuppressions(db, suppress);
  await markContactPointsInvalid(
    db,
    entries.flatMap(({ subject, verdict, detail, label, at }) =>
      verdict.kind === "invalid"
        ? [{ ...subject, address: subject.recipient, reason: `${label} on ${at.toISOString().slice(0, 10)}: ${detail}`, at }]
        : [],
    ),
  );
}

/** The text an effect leaves on the attempt: the failure message, or the provider's note. */
export function effectDetail(effect: EventEffect): string {
  if (effect.kind === "status") return effect.failure?.errorMessage ?? effect.label;
  if (effect.kind === "engagement") return `The recipient ${effect.flag === "complained" ? "reported the message as spam" : effect.flag}`;
  return effect.detail;
}
