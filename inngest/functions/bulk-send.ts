import { finishBulkJob, getBulkJob, markBulkJobRunning, recordBulkProcessed, recordBulkProgress } from "@/db/queries/bulk-jobs";
import type { SendingDeps } from "@/lib/sending/deps";
import { getSendingDeps } from "@/lib/sending/runtime";
import { type SendAgainResult, sendAgainMany } from "@/lib/sending/send-again";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// herald/bulk-send.requested → fan the job's communications out, BATCH_SIZE per step:
// each batch creates its attempts (their hand-over jobs committed with them) and records
// its progress in one memoised step, then publishes the hand-overs; the per-provider
// throttle of send-attempt paces the providers. Within a batch, communications are read
// and written BULK_CHUNK_SIZE at a time. A run started again after a crash (the embedded
// runner does not memoise) skips the batches already counted, and within a batch each
// communication gets one attempt per bulk job (sendAgainMany).

export const BULK_BATCH_SIZE = 200;
/** Communications read and written together within a batch (lib/sending/send-again.ts); progress is told between chunks. */
const BULK_CHUNK_SIZE = 50;
/** The page polls the job every half second: a batch reports how far it got this often. */
const PROGRESS_TICK_MS = 500;

export async function bulkSendWorkflow(data: { bulkJobId: string }, step: WorkflowStep, deps: () => Promise<SendingDeps> = getSendingDeps) {
  const total = await step.run("start", async () => {
    const { db } = await deps();
    const job = await getBulkJob(db, { id: data.bulkJobId });
    if (!job) return 0;
    await markBulkJobRunning(db, { id: job.id, at: new Date() });
    return selectionOf(job.selection).length;
  });
  for (let offset = 0, batch = 0; offset < total; offset += BULK_BATCH_SIZE, batch++) {
    await step.run(`batch-${batch}`, async () => {
      const { db } = await deps();
      const job = await getBulkJob(db, { id: data.bulkJobId });
      // Counted batches are done: succeeded + failed grow by a whole batch, in one UPDATE.
      if (!job || job.succeeded + job.failed > offset) return { skipped: true };
      const ids = selectionOf(job.selection).slice(offset, offset + BULK_BATCH_SIZE);
      const results: SendAgainResult[] = [];
      let tickAt = Date.now();
      for (let start = 0; start < ids.length; start += BULK_CHUNK_SIZE) {
        const chunk = ids.slice(start, start + BULK_CHUNK_SIZE);
        results.push(...(await sendAgainMany(await deps(), { communicationIds: chunk, createdBy: job.createdBy, bulkJobId: job.id })));
        if (Date.now() - tickAt < PROGRESS_TICK_MS || results.length === ids.length) continue;
        tickAt = Date.now();
        await recordBulkProcessed(db, { id: job.id, processed: offset + results.length });
      }
      const refused = results.filter((result) => result.kind === "refused" || result.kind === "rejected").length;
      await recordBulkProgress(db, { id: job.id, processed: offset + ids.length, succeeded: ids.length - refused, failed: refused });
      await publishOutbox(db);
      return { skipped: false };
    });
  }
  await step.run("finish", async () => finishBulkJob((await deps()).db, { id: data.bulkJobId, at: new Date() }));
  return { total };
}

function selectionOf(selection: Record<string, unknown>): string[] {
  const ids = selection.communicationIds;
  return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === "string") : [];
}
