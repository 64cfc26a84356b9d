import type { Db } from "@/db/client";
import { applyAttemptFeedback, followLatestAttempts, lockAttemptsForFeedback } from "@/db/queries/attempts";
import { enqueueJobs } from "@/db/queries/outbox";
import { fallBackJob } from "@/db/queries/outbox-jobs";
import { findStoredEventKeys, insertProviderEvents } from "@/db/queries/provider-events";
import { statusesThatMayBecome } from "@/lib/status";
import { applyContactVerdicts, contactVerdict, effectDetail, type VerdictEntry } from "./contact-verdicts";
import { type AttemptFailure, planFeedback, type ProviderEventOutcome } from "./plan-feedback";
import type { ProviderEvent } from "./provider-event";

// Store, then apply (docs/architecture.md §2), for one request's events (a webhook, a SendGrid batch,
// a polled status) in one transaction:
//   1. lock the attempts concerned (id order: concurrent requests queue, never deadlock);
//   2. skip keys already stored — duplicates are acknowledged and change nothing;
//   3. plan every event in arrival order against lib/status.ts (plan-feedback.ts);
//   4. store each new event once, with its outcome;
//   5. write every attempt touched in one conditional UPDATE (a row only moves from a
//      status in statusesThatMayBecome(to)), then the communications whose latest attempt
//      moved;
//   6. record what the events say about the contact point (unsubscribed, complained,
//      suppressed, invalid: contact-verdicts.ts) for every attempt concerned — also one
//      already superseded, or whose status the event could not move;
//   7. queue a fallback job (db/queries/outbox.ts) for every failure reached.
// All or nothing: a crash cannot leave an event stored but unapplied, which a provider's
// retry would then take for a duplicate.

export type AppliedProviderEvent = { outcome: ProviderEventOutcome; attemptId: string | null };

export type AppliedProviderEvents = { events: AppliedProviderEvent[]; failures: AttemptFailure[] };

const DEADLOCK_RETRIES = 3;

/** Applies one request's events, all from the same provider, in order. */
export async function applyProviderEvents(
  db: Db,
  events: readonly ProviderEvent[],
  options: { receivedAt?: Date } = {},
): Promise<AppliedProviderEvents> {
  if (events.length === 0) return { events: [], failures: [] };
  const receivedAt = options.receivedAt ?? new Date();
  for (let round = 1; ; round++) {
    try {
      return await db.transaction((tx) => applyInTransaction(tx, events, receivedAt));
    } catch (error) {
      // The sending engine may lock attempts and communications in another order; Postgres
      // breaks such a deadlock by aborting one side, and this request simply runs again.
      if (round >= DEADLOCK_RETRIES || !isDeadlock(error)) throw error;
    }
  }
}

async function applyInTransaction(db: Db, events: readonly ProviderEvent[], receivedAt: Date): Promise<AppliedProviderEvents> {
  const provider = events[0]!.provider;
  const locked = await lockAttemptsForFeedback(db, {
    provider,
    providerMessageIds: unique(events.map((event) => event.providerMessageId)),
    attemptIds: unique(events.map((event) => event.attemptIdHint)),
  });
  const byMessageId = new Map(locked.map((row) => [row.providerMessageId, row]));
  const byId = new Map(locked.map((row) => [row.id, row]));
  const storedBefore = await findStoredEventKeys(db, { provider, eventKeys: unique(events.map((event) => event.eventKey)) });
  const inputs = events.map((event) => ({
    event,
    attempt: byMessageId.get(event.providerMessageId) ?? byId.get(event.attemptIdHint ?? "") ?? null,
    stored: storedBefore.has(event.eventKey),
  }));
  const plan = planFeedback(inputs, receivedAt);

  const fresh = inputs.flatMap(({ event, attempt }, index) => {
    const { outcome, detail } = plan.outcomes[index]!;
    if (outcome === "duplicate") return [];
    return [
      {
        provider,
        eventKey: event.eventKey,
        eventType: event.eventType,
        providerMessageId: event.providerMessageId,
        attemptId: attempt?.id ?? null,
        mappedStatus: event.effect.kind === "status" ? event.effect.status : null,
        outcome,
        occurredAt: event.occurredAt,
        receivedAt,
        payload: event.payload ?? null,
        detail,
      },
    ];
  });
  const storedNow = await insertProviderEvents(db, fresh);

  const written = await applyAttemptFeedback(
    db,
    plan.writes.map((write) => ({
      attemptId: write.attempt.id,
      status: write.status && { ...write.status, allowedFrom: statusesThatMayBecome(write.status.to) },
      milestones: write.milestones,
      flags: write.flags,
    })),
  );
  // The rows are locked and were planned against the same rule: a refusal means the plan
  // and the database disagree, and the request must fail rather than be acknowledged.
  const expectedMoves = plan.writes.filter((write) => write.status).length;
  const moved = written.filter((row) => row.moved);
  if (written.length !== plan.writes.length || moved.length !== expectedMoves) {
    throw new Error(`feedback write refused under lock: ${moved.length} of ${expectedMoves} attempts moved`);
  }
  await followLatestAttempts(db, moved);

  const verdicts = inputs.flatMap(({ event, attempt }, index): VerdictEntry[] => {
    const verdict = contactVerdict(event);
    if (!attempt || !verdict || plan.outcomes[index]!.outcome === "duplicate") return [];
    const label = event.effect.kind === "status" ? event.effect.label : event.eventType;
    const subject = { ...attempt, attemptId: attempt.id };
    return [
      {
        subject,
        verdict,
        provider,
        eventType: event.eventType,
        detail: effectDetail(event.effect),
        label,
        at: event.occurredAt ?? receivedAt,
      },
    ];
  });
  await applyContactVerdicts(db, verdicts);
  // The failures call for the sending engine's fallback decision: queued with the statuses.
  await enqueueJobs(db, plan.failures.map(fallBackJob));

  return {
    events: inputs.map(({ event, attempt }, index) => {
      const { outcome } = plan.outcomes[index]!;
      // Only unattached events can race another request to the same key (attached ones are
      // serialised by the attempt lock); the loser reports what actually happened.
      const lostRace = outcome !== "duplicate" && !storedNow.has(event.eventKey) && !attempt;
      return { outcome: lostRace ? "duplicate" : outcome, attemptId: attempt?.id ?? null };
    }),
    failures: plan.failures,
  };
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

function isDeadlock(error: unknown): boolean {
  const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
  return code === "40P01" || code === "40001";
}
