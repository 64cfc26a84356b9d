import type { Db } from "@/db/client";
import { recordReconciliationRun } from "@/db/queries/reconciliation";
import type { ReconciliationProviderSummary } from "@/db/schema/reconciliation-runs";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { AttemptFailure } from "@/lib/webhooks/plan-feedback";
import { reconcileProviders } from "./reconcile-providers";
import { findStrandedFailures } from "./stranded-failures";

// One reconciliation round (the reconcile-providers job, inngest/registry.ts): ask the
// providers about overdue attempts, hand the failures their answers applied to the sending
// engine exactly as webhook failures are handed over, then hand over again the failed
// attempts whose fallback never ran — and record what was done for tracking health.
// A publishing error is logged and counted, not thrown: the statuses are committed, and
// the next round finds those failures stranded and hands them over again.

const RUN_RETENTION_MS = 30 * 24 * 60 * 60_000;

export type ReconciliationSummary = {
  startedAt: string;
  finishedAt: string;
  providers: ReconciliationProviderSummary[];
  failuresPublished: number;
  strandedFound: number;
  strandedPublished: number;
  publishErrors: string[];
};

export type ReconciliationDeps = {
  providers: ProviderRegistry;
  /** Emits herald/attempt.failed (inngest/dispatch.ts publishAttemptFailures). */
  publishFailures: (failures: AttemptFailure[]) => Promise<void>;
  now?: () => Date;
};

export async function runReconciliation(db: Db, deps: ReconciliationDeps): Promise<ReconciliationSummary> {
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  const publishErrors: string[] = [];
  const publish = async (failures: AttemptFailure[], what: string) => {
    if (failures.length === 0) return 0;
    try {
      await deps.publishFailures(failures);
      return failures.length;
    } catch (error) {
      console.error(`[reconciliation] herald/attempt.failed not published for ${what}`, error);
      publishErrors.push(`${what}: ${(error as Error).message}`);
      return 0;
    }
  };

  const answered = await reconcileProviders(db, { providers: deps.providers, now: startedAt });
  const failuresPublished = await publish(answered.failures, "failures the providers reported");
  // Failures published a moment ago are not stranded, whatever their age.
  const justPublished = new Set(answered.failures.map((failure) => failure.attemptId));
  const stranded = (await findStrandedFailures(db, { now: startedAt })).filter((failure) => !justPublished.has(failure.attemptId));
  const strandedPublished = await publish(stranded, "failed attempts without their fallback");

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
    publishErrors,
  };
}
