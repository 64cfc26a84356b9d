import { asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { type AttemptFailureJobData, JOB_EVENT } from "@/db/queries/outbox-jobs";
import { jobOutbox } from "@/db/schema";

/**
 * For test files that drive the sending engine step by step (startCommunication,
 * handOverAttempt, fallBack called directly): the jobs those steps queued in the outbox
 * were run by hand, so the next test's publication must not run them again.
 */
export async function markJobsRunByHand(db: Db): Promise<void> {
  await db.update(jobOutbox).set({ doneAt: new Date(), lastError: "run by hand in a test" }).where(isNull(jobOutbox.doneAt));
}

/** The fallback jobs queued in the outbox (herald/attempt.failed data), oldest first. */
export async function queuedFallbackJobs(db: Db) {
  const rows = await db.select().from(jobOutbox).where(eq(jobOutbox.eventName, JOB_EVENT.fallBack)).orderBy(asc(jobOutbox.id));
  return rows.map((row) => row.data as AttemptFailureJobData);
}

/** The outbox rows of these jobs, by what each is about (`communication-requested:<id>`, `attempt-queued:<id>` …). */
export async function outboxJobsByKey(db: Db, dedupeKeys: readonly string[]) {
  if (dedupeKeys.length === 0) return [];
  return db
    .select()
    .from(jobOutbox)
    .where(inArray(jobOutbox.dedupeKey, [...dedupeKeys]));
}
