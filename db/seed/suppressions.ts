import type { suppressions } from "@/db/schema";
import type { Outcome } from "./outcomes";
import type { Channel, Provider } from "@/db/schema/enums";

// The suppressions a seeded attempt leaves behind, as the webhook path records them
// (lib/webhooks/contact-verdicts.ts): the demo's unsubscribed, complained and bounce-listed
// addresses must stop a bulk send exactly as live ones do.

export type SuppressionRow = typeof suppressions.$inferInsert;

const EVENT_TYPES: Partial<Record<Provider, string>> = { resend: "email.suppressed", sendgrid: "dropped", twilio: "failed" };

export function seededSuppression(
  attempt: { id: string; channel: Channel; provider: Provider; recipient: string },
  outcome: Outcome,
  failedAt: number | undefined,
  complainedAt: number | undefined,
): SuppressionRow | null {
  // Its id is the attempt's (one suppression per attempt at most): seeded, so deterministic.
  const base = {
    id: attempt.id,
    channel: attempt.channel,
    address: attempt.recipient.toLowerCase(),
    category: null,
    provider: attempt.provider,
    attemptId: attempt.id,
  };
  if (failedAt !== undefined && outcome.suppresses) {
    return {
      ...base,
      kind: outcome.suppresses,
      eventType: EVENT_TYPES[attempt.provider] ?? "failed",
      detail: outcome.errorMessage ?? outcome.key,
      createdAt: new Date(failedAt),
    };
  }
  if (complainedAt !== undefined) {
    const eventType = attempt.provider === "sendgrid" ? "spamreport" : "email.complained";
    return {
      ...base,
      kind: "complained",
      eventType,
      detail: "The recipient reported the message as spam",
      createdAt: new Date(complainedAt),
    };
  }
  return null;
}

/** One active suppression per address and channel: later ones repeat what is known. */
export function newSuppressions(rows: readonly SuppressionRow[], seen: Set<string>): SuppressionRow[] {
  return rows.filter((row) => {
    const key = `${row.channel}:${row.address}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
