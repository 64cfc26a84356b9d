import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { bulkJobs } from "../schema";
import { BULK_JOB_STATUS } from "../schema/enums";
import { enqueueJobs } from "./outbox";
import { bulkSendJob } from "./outbox-jobs";

// Bulk sends: the job row holds the selection and the progress the page shows.

export async function getBulkJob(db: Db, params: { id: string }) {
  const [row] = await db.select().from(bulkJobs).where(eq(bulkJobs.id, params.id));
  return row ?? null;
}

/** A confirmed bulk send and the job that fans it out, in one transaction. */
export async function insertBulkJob(
  db: Db,
  params: { communicationIds: readonly string[]; createdBy: string; dryRun?: Record<string, unknown> },
) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bulkJobs)
      .values({
        selection: { communicationIds: [...params.communicationIds] },
        total: params.communicationIds.length,
        createdBy: params.createdBy,
        dryRun: params.dryRun ?? null,
      })
      .returning();
    await enqueueJobs(tx, [bulkSendJob({ bulkJobId: row!.id })]);
    return row!;
  });
}

export async function markBulkJobRunning(db: Db, params: { id: string; at: Date }) {
  await db
    .update(bulkJobs)
    .set({ status: BULK_JOB_STATUS.running, startedAt: sql`COALESCE(${bulkJobs.startedAt}, ${params.at.toISOString()}::timestamptz)` })
    .where(eq(bulkJobs.id, params.id));
}

/**
 * How far the job got: `processed` is absolute (batches run in order), so the ticks sent
 * while a batch runs and a retried batch never count a communication twice.
 */
export async function recordBulkProcessed(db: Db, params: { id: string; processed: number }) {
  await db
    .update(bulkJobs)
    .set({ processed: sql`GREATEST(${bulkJobs.processed}, ${params.processed})` })
    .where(eq(bulkJobs.id, params.id));
}

/**
 * A finished batch: its outcomes are added (a replayed batch is not re-run: the batch step
 * is memoised); `processed` is absolute, as in recordBulkProcessed.
 */
export async function recordBulkProgress(db: Db, params: { id: string; processed: number; succeeded: number; failed: number }) {
  await db
    .update(bulkJobs)
    .set({
      processed: sql`GREATEST(${bulkJobs.processed}, ${params.processed})`,
      succeeded: sql`${bulkJobs.succeeded} + ${params.succeeded}`,
      failed: sql`${bulkJobs.failed} + ${params.failed}`,
    })
    .where(eq(bulkJobs.id, params.id));
}

export async function finishBulkJob(db: Db, params: { id: string; at: Date; error?: string }) {
  await db
    .update(bulkJobs)
    .set({ status: params.error ? BULK_JOB_STATUS.failed : BULK_JOB_STATUS.completed, finishedAt: params.at, error: params.error ?? null })
    .where(eq(bulkJobs.id, params.id));
}
