import type { Db } from "@/db/client";
import { type InsertAttemptParams, type InsertedAttempt, insertAttempts } from "@/db/queries/attempt-inserts";

// Many communications' attempts at once: each prepared (planned, rendered, snapshotted) one
// after the other, then all written in one transaction (db/queries/attempt-inserts.ts).

/** What preparing one communication gave: an attempt to insert, or its outcome without one. */
export type Prepared<R> = { insert: InsertAttemptParams } | { outcome: R };

type BatchOptions<R> = {
  prepare: (communicationId: string) => Promise<Prepared<R>>;
  /** The outcome of a communication whose attempt was written (or found already made). */
  written: (inserted: InsertedAttempt) => R;
};

/**
 * Prepares and writes the attempts of `communicationIds` (distinct); returns each one's
 * outcome. A fault preparing one — an error that is not the data's (bad data is recorded on
 * a rejected attempt) — does not hold the rest back: they are written, then the fault is
 * thrown, so the job runs again for the communication it stopped.
 */
export async function prepareAndInsert<R>(db: Db, communicationIds: readonly string[], options: BatchOptions<R>): Promise<Map<string, R>> {
  const outcomes = new Map<string, R>();
  const toInsert: InsertAttemptParams[] = [];
  const faults: unknown[] = [];
  for (const id of communicationIds) {
    try {
      const prepared = await options.prepare(id);
      if ("insert" in prepared) toInsert.push(prepared.insert);
      else outcomes.set(id, prepared.outcome);
    } catch (error) {
      faults.push(error);
    }
  }
  for (const inserted of await insertAttempts(db, toInsert)) outcomes.set(inserted.attempt.communicationId, options.written(inserted));
  if (faults.length === 1) throw faults[0];
  if (faults.length > 1)
    throw new AggregateError(faults, `${faults.length} of ${communicationIds.length} communication(s) could not be prepared`);
  return outcomes;
}
