import { getDb } from "@/db/client";
import { purgeDoneJobs } from "@/db/queries/outbox";
import type { WorkflowStep } from "../job";
import { drainOutbox } from "../outbox";

// Every minute, in both runtimes: publish whatever the outbox still holds — jobs whose
// publication failed right after their commit, or whose dispatcher died — and forget done
// jobs after a week. Jobs are normally published within milliseconds of their commit;
// this is the guarantee behind it, not the usual path.

const DONE_JOBS_KEPT_MS = 7 * 24 * 3_600_000;

export async function drainOutboxWorkflow(step: WorkflowStep) {
  const drained = await step.run("drain", async () => drainOutbox(await getDb()));
  const purged = await step.run("purge-done", async () =>
    purgeDoneJobs(await getDb(), { before: new Date(Date.now() - DONE_JOBS_KEPT_MS) }),
  );
  return { ...drained, purged };
}
