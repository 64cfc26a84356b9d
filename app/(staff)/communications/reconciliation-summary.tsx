import { PROVIDER_NAMES } from "@/lib/attempts";
import { formatDateTime } from "@/lib/format";
import type { JobsHealth, ReconciliationHealth } from "@/lib/tracking-health";

// What reconciliation did (lib/reconciliation): when it last ran, what it asked each
// provider's status API about attempts whose webhook was overdue and what moved, the failed
// attempts whose fallback it set off again — and the providers it cannot ask, with why.
export function ReconciliationSummary({ reconciliation, jobs }: { reconciliation: ReconciliationHealth; jobs: JobsHealth }) {
  const { lastRun, providers, withoutStatusApi } = reconciliation;
  return (
    <div className="mt-3" id="tracking-reconciliation">
      <h3 className="text-xs font-medium text-slate-500">Jobs waiting to run (the outbox)</h3>
      <p className={`mt-1 text-xs ${jobs.overdue ? "text-amber-800" : "text-slate-700"}`} id="tracking-jobs">
        {jobs.pending === 0
          ? "Every queued job has been handed to the job runner."
          : `${count(jobs.pending, "job")} waiting${jobs.oldestPendingAt ? ` since ${formatDateTime(jobs.oldestPendingAt)}` : ""}` +
            (jobs.overdue ? ` — ${jobs.overdue} for more than 5 minutes: publishing is failing` : "") +
            (jobs.lastError ? ` (last error: ${jobs.lastError}); they are retried every minute` : "") +
            "."}
      </p>
      <h3 className="mt-3 text-xs font-medium text-slate-500">Reconciliation with the providers (every 5 minutes)</h3>
      {lastRun ? (
        <>
          <p className="mt-1 text-xs text-slate-700">
            Last run {formatDateTime(lastRun.startedAt)}: {count(lastRun.checked, "overdue attempt")} checked, {lastRun.moved} moved,{" "}
            {lastRun.unknown} still unknown
            {lastRun.strandedFound
              ? ` · ${count(lastRun.strandedFound, "failed attempt")} without a fallback, ${lastRun.strandedPublished} handed over again`
              : " · no failed attempt left without its fallback"}
            .
          </p>
          {providers.some((provider) => provider.checked) ? (
            <table className="mt-1 text-left text-xs" aria-label="Reconciliation by provider">
              <thead className="text-slate-500">
                <tr>
                  <th className="py-0.5 pr-4 font-medium">Provider</th>
                  <th className="py-0.5 pr-4 text-right font-medium">Checked</th>
                  <th className="py-0.5 pr-4 text-right font-medium">Moved</th>
                  <th className="py-0.5 pr-4 text-right font-medium">Unchanged</th>
                  <th className="py-0.5 text-right font-medium">Still unknown</th>
                </tr>
              </thead>
              <tbody>
                {providers
                  .filter((provider) => provider.checked)
                  .map((provider) => (
                    <tr key={provider.provider} title={provider.errors.length ? `Last: ${provider.errors.join(" · ")}` : undefined}>
                      <td className="py-0.5 pr-4">{PROVIDER_NAMES[provider.provider]}</td>
                      <td className="py-0.5 pr-4 text-right tabular-nums">{provider.checked}</td>
                      <td className="py-0.5 pr-4 text-right tabular-nums">{provider.moved}</td>
                      <td className="py-0.5 pr-4 text-right tabular-nums">{provider.unchanged}</td>
                      <td className={`py-0.5 text-right tabular-nums ${provider.unknown ? "text-amber-800" : ""}`}>{provider.unknown}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : (
        <p className="mt-1 text-xs text-slate-700">Reconciliation has not run yet.</p>
      )}
      <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
        {withoutStatusApi.map((provider) => (
          <li key={provider.provider}>
            No status API: {PROVIDER_NAMES[provider.provider]} — {provider.reason}
            {provider.due ? ` (${count(provider.due, "overdue attempt")} cannot be checked)` : ""}.
          </li>
        ))}
      </ul>
    </div>
  );
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString("en")} ${noun}${n === 1 ? "" : "s"}`;
}
