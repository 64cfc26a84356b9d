import type { Db } from "@/db/client";
import { fallBackJob } from "@/db/queries/outbox-jobs";
import { type FeedbackAttempt, readFeedbackState, writeFeedback } from "@/db/queries/provider-feedback";
import { statusesThatMayBecome } from "@/lib/status";
import { applyContactVerdicts, contactVerdict, effectDetail, type VerdictEntry } from "./contact-verdicts";
import { type AttemptFailure, planFeedback, type ProviderEventOutcome } from "./plan-feedback";
import type { ProviderEvent } from "./provider-event";

// Store, then apply (docs/architecture.md §2), for one request's events (a webhook, a SendGrid batch,
// a polled status), set-based and in two statements however many events:
//   1. read the attempts concerned and the event keys already stored — duplicates are
//      acknowledged and change nothing;
//   2. plan every event in arrival order against lib/status.ts (plan-feedback.ts);
//   3. one statement (db/queries/provider-feedback.ts): lock the attempts to write (id
//      order: concurrent requests queue, never deadlock) and check each still has the
//      status it was planned against; store each new event once, with its outcome; write
//      every attempt touched in one conditional UPDATE (a row only moves from a status in
//      statusesThatMayBecome(to)), then the communications whose latest attempt moved;
//      queue a fallback job (db/queries/outbox.ts) for every failure reached.
// An attempt another request moved between 1 and 3 is left out of 3 whole (its row, its
// events, its jobs, its verdicts); the rest is written. The events of those attempts then
// run again, with their attempts locked from step 1 on, in a transaction. Overlapping
// SendGrid batches thus redo only the attempts they share, not the whole batch.
// Only when the events say something about the contact point (unsubscribed, complained,
// suppressed, invalid: contact-verdicts.ts) does step 3 run in a transaction with those
// writes, for every attempt concerned — also one already superseded, or whose status the
// event could not move.
// All or nothing per attempt: a crash cannot leave an event stored but unapplied, which a
// provider's retry would then take for a duplicate.

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
  // Optimistic first: no transaction, no lock held while planning.
  const first = await retryingDeadlocks(() => applyOnce(db, events, receivedAt, false));
  if (first.deferred.length === 0) return { events: first.events as AppliedProviderEvent[], failures: first.failures };
  // Some attempts moved under us: their events, planned again with those attempts locked from the start.
  const rest = await retryingDeadlocks(() =>
    db.transaction(async (tx) => {
      const locked = await applyOnce(
        tx,
        first.deferred.map((index) => events[index]!),
        receivedAt,
        true,
      );
      if (locked.deferred.length > 0) throw new Error("feedback write refused under lock: an attempt changed while locked");
      return locked;
    }),
  );
  const applied = [...first.events];
  first.deferred.forEach((index, position) => (applied[index] = rest.events[position]!));
  return { events: applied as AppliedProviderEvent[], failures: [...first.failures, ...rest.failures] };
}

/** `run` again when Postgres broke a deadlock by aborting it (nothing of it was written). */
async function retryingDeadlocks<T>(run: () => Promise<T>): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await run();
    } catch (error) {
      // The sending engine may lock attempts and communications in another order; Postgres
      // breaks such a deadlock by aborting one side, and this request simply runs again.
      if (round >= DEADLOCK_RETRIES || !isDeadlock(error)) throw error;
    }
  }
}

type AppliedOnce = {
  /** Aligned with the events; null for a deferred one. */
  events: (AppliedProviderEvent | null)[];
  failures: AttemptFailure[];
  /** The events (indices) of attempts that moved since they were read: nothing of theirs was written. */
  deferred: number[];
};

/** One read, one plan, one write; the events of attempts whose status changed in between are deferred. */
async function applyOnce(db: Db, events: readonly ProviderEvent[], receivedAt: Date, lock: boolean): Promise<AppliedOnce> {
  const provider = events[0]!.provider;
  const state = await readFeedbackState(
    db,
    {
      provider,
      providerMessageIds: unique(events.map((event) => event.providerMessageId)),
      attemptIds: unique(events.map((event) => event.attemptIdHint)),
      eventKeys: unique(events.map((event) => event.eventKey)),
    },
    { lock },
  );
  const byMessageId = new Map(state.attempts.map((row) => [row.providerMessageId, row]));
  const byId = new Map(state.attempts.map((row) => [row.id, row]));
  const inputs = events.map((event) => ({
    event,
    attempt: byMessageId.get(event.providerMessageId) ?? byId.get(event.attemptIdHint ?? "") ?? null,
    stored: state.storedKeys.has(event.eventKey),
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
        payload: event.payload ?? null,
        receivedAt: event.receivedAt,
        detail,
      },
    ];
  });
  const writes = plan.writes.map((write) => ({
    attemptId: write.attempt.id,
    expected: write.attempt.status,
    status: write.status && { ...write.status, allowedFrom: statusesThatMayBecome(write.status.to) },
    milestones: write.milestones,
    flags: write.flags,
  }));
  const verdicts = inputs.flatMap(({ event, attempt }, index) => verdictEntry(event, attempt, plan.outcomes[index]!.outcome, receivedAt));
  // The failures call for the sending engine's fallback decision: queued with the statuses.
  const jobs = plan.failures.map((failure) => ({ ...fallBackJob(failure), attemptId: failure.attemptId }));
  const store = { provider, receivedAt, events: fresh, writes, jobs };

  const apply = async (tx: Db) => {
    const result = await writeFeedback(tx, store);
    // The rows written are locked and were checked against the plan: a refusal means the
    // plan and the database disagree, and the request must fail rather than be acknowledged.
    const moves = writes.filter((write) => write.status && !result.stale.has(write.attemptId)).length;
    if (result.moved !== moves) throw new Error(`feedback write refused: ${result.moved} of ${moves} attempts moved`);
    await applyContactVerdicts(
      tx,
      verdicts.filter((entry) => !result.stale.has(entry.subject.attemptId)),
    );
    return result;
  };
  // Contact verdicts are extra statements: only then is a transaction needed (or already open).
  const result = verdicts.length === 0 || lock ? await apply(db) : await db.transaction(apply);

  const deferred: number[] = [];
  const applied = inputs.map(({ event, attempt }, index) => {
    if (attempt && result.stale.has(attempt.id)) {
      deferred.push(index);
      return null;
    }
    const { outcome } = plan.outcomes[index]!;
    // A concurrent request stored the same key first: the loser reports what actually happened.
    const lostRace = outcome !== "duplicate" && !result.storedKeys.has(event.eventKey);
    return { outcome: lostRace ? "duplicate" : outcome, attemptId: attempt?.id ?? null };
  });
  return { events: applied, failures: plan.failures.filter((failure) => !result.stale.has(failure.attemptId)), deferred };
}

function verdictEntry(
  event: ProviderEvent,
  attempt: FeedbackAttempt | null,
  outcome: ProviderEventOutcome,
  receivedAt: Date,
): VerdictEntry[] {
  const verdict = contactVerdict(event);
  if (!attempt || !verdict || outcome === "duplicate") return [];
  const label = event.effect.kind === "status" ? event.effect.label : event.eventType;
  return [
    {
      subject: { ...attempt, attemptId: attempt.id },
      verdict,
      provider: event.provider,
      eventType: event.eventType,
      detail: effectDetail(event.effect),
      label,
      at: event.occurredAt ?? event.receivedAt ?? receivedAt,
    },
  ];
}

function unique(values: (string | null)[]): string[] {
  return [...new Set(values.filter((value): value is string => value !== null))];
}

function isDeadlock(error: unknown): boolean {
  const code = (error as { cause?: { code?: string }; code?: string }).cause?.code ?? (error as { code?: string }).code;
  return code === "40P01" || code === "40001";
}
