import { runReconciliation } from "@/lib/reconciliation/run";
import type { SendingDeps } from "@/lib/sending/deps";
import { getSendingDeps } from "@/lib/sending/runtime";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// Reconciliation on the schedule in inngest/registry.ts (lib/reconciliation/run.ts): the
// providers' status APIs for attempts whose webhook is overdue, and the failed attempts
// whose fallback never ran. Their fallback jobs go through the outbox, as the webhook
// routes' do, so both reach the sending engine the same way. One step:
// the run records itself, and a retry simply runs a fresh round (every write in it is
// idempotent — events dedupe by key, fallbacks by failed attempt).

export async function reconcileProvidersWorkflow(step: WorkflowStep, deps: () => Promise<SendingDeps> = getSendingDeps) {
  return step.run("reconcile", async () => {
    const { db, providers, now } = await deps();
    return runReconciliation(db, { providers, publishJobs: () => publishOutbox(db), now });
  });
}
