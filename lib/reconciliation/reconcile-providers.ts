import type { Db } from "@/db/client";
import { listAttemptsDueForReconciliation, markAttemptsReconciled } from "@/db/queries/reconciliation";
import type { ReconciliationProviderSummary } from "@/db/schema/reconciliation-runs";
import type { ProviderRegistry } from "@/lib/providers/registry";
import type { AttemptFailure } from "@/lib/webhooks/plan-feedback";
import { applyStatusAnswer } from "./apply-status-answer";
import { dueWindow, RECONCILED_PROVIDERS, RECONCILIATION_SLA } from "./sla";

// The providers' status APIs, for attempts whose webhook is overdue (sla.ts): each provider's
// adapter is asked about each attempt past its channel's SLA, and the answer goes through
// the webhook's store-then-apply path (apply-status-answer.ts). One answer failing — an
// outage, an unknown message, a database conflict — is counted and the round goes on; the
// attempt is asked again once its recheck interval has passed.

/** Attempts asked per provider and run: a backlog drains over a few runs, oldest first. */
export const RECONCILE_LIMIT_PER_PROVIDER = 200;
/** Status queries in flight per provider: polite to the provider, quick for a backlog. */
const PARALLEL_QUERIES = 4;
const MAX_ERRORS_KEPT = 5;

export type ProviderReconciliation = { summaries: ReconciliationProviderSummary[]; failures: AttemptFailure[] };

export async function reconcileProviders(
  db: Db,
  params: { providers: ProviderRegistry; now: Date; limitPerProvider?: number },
): Promise<ProviderReconciliation> {
  const failures: AttemptFailure[] = [];
  // Providers in parallel (each its own rate of queries); summaries in RECONCILED_PROVIDERS order.
  const summaries = await Promise.all(
    RECONCILED_PROVIDERS.map(async ({ provider, channel }) => {
      const sla = RECONCILIATION_SLA[channel];
      const due = await listAttemptsDueForReconciliation(db, {
        provider,
        statuses: sla.statuses,
        ...dueWindow(sla, params.now),
        limit: params.limitPerProvider ?? RECONCILE_LIMIT_PER_PROVIDER,
      });
      const adapter = params.providers.adapterFor(provider);
      const summary: ReconciliationProviderSummary = {
        provider,
        supported: adapter.statusSupport.supported,
        reason: adapter.statusSupport.supported ? null : adapter.statusSupport.reason,
        due: due.length,
        checked: 0,
        moved: 0,
        unchanged: 0,
        unknown: 0,
        errors: [],
      };
      if (!adapter.statusSupport.supported) return summary;

      const keepError = (message: string) => {
        summary.unknown++;
        if (summary.errors.length < MAX_ERRORS_KEPT) summary.errors.push(message);
      };
      await forEachLimited(due, PARALLEL_QUERIES, async (attempt) => {
        summary.checked++;
        try {
          const answer = await adapter.fetchStatus({ ...attempt, attemptId: attempt.id });
          const result = await applyStatusAnswer(db, attempt, answer, params.now);
          if (result.outcome === "unknown" || result.outcome === "unsupported") keepError(result.message);
          else if (result.outcome === "moved") summary.moved++;
          else summary.unchanged++;
          failures.push(...result.failures);
        } catch (error) {
          keepError(`attempt ${attempt.id}: ${(error as Error).message}`);
        }
      });
      await markAttemptsReconciled(db, { attemptIds: due.map((attempt) => attempt.id), at: params.now });
      return summary;
    }),
  );
  return { summaries, failures };
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await run(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
