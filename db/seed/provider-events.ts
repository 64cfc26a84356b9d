import type { providerEvents } from "@/db/schema";
import type { EventAttempt } from "./provider-event-spec";
import { EMAIL_SPECS } from "./provider-event-specs-email";
import { SMS_POST_EINVOICE_SPECS } from "./provider-event-specs-sms-post-einvoice";
import { seededUuid, STREAM } from "./random";

// Raw provider feedback as each provider posts it, one spec per provider: e-mail in
// provider-event-specs-email.ts, the other channels in provider-event-specs-sms-post-einvoice.ts.
// This file dates the events as Herald received them and drops what retention purged.

export type ProviderEventRow = Omit<typeof providerEvents.$inferInsert, "id">;

const SPECS = { ...EMAIL_SPECS, ...SMS_POST_EINVOICE_SPECS };

/** The events one attempt produced, minus those older than the 62-day retention. */
export function providerEventRows(seed: number, attempt: EventAttempt, since: Date): ProviderEventRow[] {
  const specs = SPECS[attempt.provider]?.(seed, attempt) ?? [];
  const rows: ProviderEventRow[] = [];
  specs.forEach((spec, n) => {
    const receivedAt = new Date(spec.at.getTime() + 300 + ((attempt.index * 7 + n * 131) % 2700));
    if (receivedAt < since) return;
    const key = spec.key ?? seededUuid(seed, STREAM.providerEvent, attempt.index * 8 + n);
    rows.push({
      provider: attempt.provider,
      eventKey: key,
      eventType: spec.type,
      providerMessageId: attempt.providerMessageId,
      attemptId: attempt.id,
      mappedStatus: spec.mapped,
      outcome: "applied",
      occurredAt: spec.at,
      receivedAt,
      payload: spec.payload(key),
      detail: null,
    });
  });
  return rows;
}
