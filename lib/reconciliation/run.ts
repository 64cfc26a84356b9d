import type { Db } from "@/db/client";
import { enqueueJobs } from "@/db/queries/outbox";
import { fallBackJob } from "@/db/queries/outbox-jobs";
import { recordReconciliationRun } from "@/db/queries/reconciliation";
import type { ReconciliationProviderSummary } from "@/db/schema/reconciliation-runs";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { reconcileProviders } from "./reconcile-providers";
import { findStrandedFailures } from "./stranded-failures";

// One reconciliation round (the reconcile-providers job, inngest/registry.ts): ask the
// providers about overdue attempts — the failures their answers reach queue their fallback
// jobs in the outbox with the status, exactly as webhook failures do — then queue again the
// fallback of failed attempts that never got one (a job queued before the outbox, or one
// that gave up), publish, and record what was done for tracking health. A fallback job
// still waiting in the outbox is not queued twice (one live row per failure).

const RUN_RETENTION_MS = 30 * 24 * 60 * 60_000;

export type ReconciliationSummary = {
  startedAt: string;
  finishedAt: string;
  providers: ReconciliationProviderSummary[];
  failuresPublished: number;
  strandedFound: number;
  strandedPublished: number;
};

export type ReconciliationDeps = {
  providers: ProviderRegistry;
  /** Publishes the jobs the round queued (inngest/outbox.ts publishOutbox); never throws. */
  publishJobs: () => Promise<void>;
  now?: () => Date;
};

export async function runReconciliation(db: Db, deps: ReconciliationDeps): Promise<ReconciliationSummary> {
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  const answered = await reconcileProviders(db, { providers: deps.providers, now: startedAt });
  const failuresPublished = answered.failures.length;
  // Failures queued a moment ago are not stranded, whatever their age.
  const justQueued = new Set(answered.failures.map((failure) => failure.attemptId));
  const stranded = (await findStrandedFailures(db, { now: startedAt })).filter((failure) => !justQueued.has(failure.attemptId));
  const strandedPublished = await enqueueJobs(db, stranded.map(fallBackJob));
  if (failuresPublished + strandedPublished > 0) await deps.publishJobs();

  const finishedAt = clock();
  const total = (key: "checked" | "moved" | "unknown") => answered.summaries.reduce((sum, summary) => sum + summary[key], 0);
  await recordReconciliationRun(db, {
    run: {
      startedAt,
      finishedAt,
      checked: total("checked"),
      moved: total("moved"),
      unknown: total("unknown"),
      failuresPublished,
      strandedFound: stranded.length,
      strandedPublished,
      providers: answered.summaries,
    },
    pruneBefore: new Date(startedAt.getTime() - RUN_RETENTION_MS),
  });
  return {
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    providers: answered.summaries,
    failuresPublished,
    strandedFound: stranded.length,
    strandedPublished,
  };
}
