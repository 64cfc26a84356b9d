import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, ne, sql } from "drizzle-orm";
import type { Db } from "../client";
import { jobOutbox } from "../schema";

// The job outbox's reads and writes (db/schema/outbox.ts). Rows are written by the state
// change that calls for the job, in its transaction; the dispatcher claims due rows
// (SKIP LOCKED: several dispatchers, on several instances, never take the same row),
// publishes them and marks them done, or hands them back with a later due time.

export type OutboxJob = { eventName: string; data: Record<string, unknown>; dedupeKey: string };
export type OutboxRow = typeof jobOutbox.$inferSelect;

/**
 * Queues jobs in the caller's transaction; a job whose key is already queued and not done
 * is not queued twice. Returns how many were queued.
 */
export async function enqueueJobs(db: Db, jobs: readonly OutboxJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  const rows = await db
    .insert(jobOutbox)
    .values(jobs.map(({ eventName, data, dedupeKey }) => ({ eventName, data, dedupeKey })))
    .onConflictDoNothing({ target: jobOutbox.dedupeKey, where: isNull(jobOutbox.doneAt) })
    .returning({ id: jobOutbox.id });
  return rows.length;
}

/**
 * Takes up to `limit` due rows for `owner` until `leaseUntil` (oldest first). A row whose
 * claim ran out (its dispatcher died between claim and done) is due again.
 */
export async function claimDueJobs(db: Db, params: { owner: string; limit: number; now: Date; leaseUntil: Date }): Promise<OutboxRow[]> {
  const due = db
    .select({ id: jobOutbox.id })
    .from(jobOutbox)
    .where(and(isNull(jobOutbox.doneAt), lte(jobOutbox.availableAt, params.now)))
    .orderBy(asc(jobOutbox.availableAt), asc(jobOutbox.id))
    .limit(params.limit)
    .for("update", { skipLocked: true });
  return db
    .update(jobOutbox)
    .set({ claimedBy: params.owner, availableAt: params.leaseUntil, tries: sql`${jobOutbox.tries} + 1` })
    .where(inArray(jobOutbox.id, due))
    .returning();
}

/** Published (or, embedded, run to its end): the dispatcher is finished with these rows. */
export async function markJobsDone(db: Db, params: { ids: readonly number[]; owner: string; at: Date; error?: string }): Promise<void> {
  if (params.ids.length === 0) return;
  await db
    .update(jobOutbox)
    .set({ doneAt: params.at, ...(params.error === undefined ? {} : { lastError: params.error }) })
    .where(and(inArray(jobOutbox.id, [...params.ids]), eq(jobOutbox.claimedBy, params.owner), isNull(jobOutbox.doneAt)));
}

/** Publishing failed: the rows are due again at `retryAt`, with the error kept for tracking health. */
export async function releaseJobs(db: Db, params: { ids: readonly number[]; owner: string; retryAt: Date; error: string }): Promise<void> {
  if (params.ids.length === 0) return;
  await db
    .update(jobOutbox)
    .set({ claimedBy: null, availableAt: params.retryAt, lastError: params.error })
    .where(and(inArray(jobOutbox.id, [...params.ids]), eq(jobOutbox.claimedBy, params.owner), isNull(jobOutbox.doneAt)));
}

/**
 * The embedded runner at start: runs another process held are gone with it (the embedded
 * runner is one process per database), so their rows are due now.
 */
export async function releaseClaimsOfOthers(db: Db, params: { owner: string; now: Date }): Promise<number> {
  const rows = await db
    .update(jobOutbox)
    .set({ claimedBy: null, availableAt: params.now })
    .where(and(isNull(jobOutbox.doneAt), isNotNull(jobOutbox.claimedBy), ne(jobOutbox.claimedBy, params.owner)))
    .returning({ id: jobOutbox.id });
  return rows.length;
}

/** Done rows are history: kept a week for tracking health, then purged. */
export async function purgeDoneJobs(db: Db, params: { before: Date }): Promise<number> {
  const rows = await db
    .delete(jobOutbox)
    .where(and(isNotNull(jobOutbox.doneAt), lt(jobOutbox.doneAt, params.before)))
    .returning({ id: jobOutbox.id });
  return rows.length;
}

export type OutboxSummary = {
  /** Claimed with a live lease: a dispatcher publishing them, or the embedded runner running them now. */
  running: number;
  /** Not claimed (or their claim ran out): due for the next drain, or backing off after a failed publication. */
  waiting: number;
  /** Waiting for longer than `overdueAfterMs` since they were queued. */
  overdue: number;
  failing: number;
  oldestWaitingAt: Date | null;
  lastError: string | null;
};

/**
 * What tracking health shows: jobs running and jobs waiting, apart (a long embedded run is
 * not a job left behind), those waiting longer than `overdueAfterMs`, and publication errors.
 */
export async function summariseOutbox(db: Db, params: { now: Date; overdueAfterMs: number }): Promise<OutboxSummary> {
  const overdueBefore = new Date(params.now.getTime() - params.overdueAfterMs);
  const running = sql`${jobOutbox.claimedBy} IS NOT NULL AND ${jobOutbox.availableAt} > ${params.now.toISOString()}::timestamptz`;
  const waiting = sql`NOT (${running})`;
  const [row] = await db
    .select({
      running: sql<number>`count(*) FILTER (WHERE ${running})::int`,
      waiting: sql<number>`count(*) FILTER (WHERE ${waiting})::int`,
      overdue: sql<number>`count(*) FILTER (WHERE ${waiting} AND ${jobOutbox.createdAt} < ${overdueBefore.toISOString()}::timestamptz)::int`,
      failing: sql<number>`count(*) FILTER (WHERE ${jobOutbox.lastError} IS NOT NULL)::int`,
      oldestWaitingAt: sql<string | null>`min(${jobOutbox.createdAt}) FILTER (WHERE ${waiting})`,
      lastError: sql<
        string | null
      >`(array_agg(${jobOutbox.lastError} ORDER BY ${jobOutbox.id} DESC) FILTER (WHERE ${jobOutbox.lastError} IS NOT NULL))[1]`,
    })
    .from(jobOutbox)
    .where(isNull(jobOutbox.doneAt));
  return {
    running: row?.running ?? 0,
    waiting: row?.waiting ?? 0,
    overdue: row?.overdue ?? 0,
    failing: row?.failing ?? 0,
    oldestWaitingAt: row?.oldestWaitingAt ? new Date(row.oldestWaitingAt) : null,
    lastError: row?.lastError ?? null,
  };
}
