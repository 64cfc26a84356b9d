import type { createTranslator } from "next-intl";
import { PROVIDER_NAMES } from "@/lib/attempts";
import type { Messages } from "@/lib/i18n/catalogue";
import type { JobsHealth, ReconciliationHealth, WebhookInboxHealth } from "@/lib/tracking-health";

// Tracking health's background work: the outbox's jobs running now and those waiting, and what
// reconciliation (lib/reconciliation) did — when it last ran, what it asked each provider's
// status API about attempts whose webhook was overdue and what moved, the failed attempts
// whose fallback it set off again, and the providers it cannot ask, with why.

export type ReconciliationTranslator = ReturnType<typeof createTranslator<Messages, "tracking.reconciliation">>;

export function ReconciliationSummary(props: {
  reconciliation: ReconciliationHealth;
  jobs: JobsHealth;
  inbox: WebhookInboxHealth;
  t: ReconciliationTranslator;
  formatDate: (date: Date) => string;
}) {
  const { reconciliation, jobs, inbox, t, formatDate } = props;
  const { lastRun, providers, withoutStatusApi } = reconciliation;
  const checkedProviders = providers.filter((provider) => provider.checked);
  return (
    <div className="mt-3" id="tracking-reconciliation">
      <h3 className="text-xs font-medium text-slate-500">{t("jobsTitle")}</h3>
      <p className={`mt-1 text-xs ${jobs.overdue ? "text-amber-800" : "text-slate-700"}`} id="tracking-jobs">
        {jobsText(jobs, t, formatDate)}
      </p>
      {inbox.waiting ? (
        <p className={`mt-1 text-xs ${inbox.overdue ? "text-amber-800" : "text-slate-700"}`} id="tracking-webhook-inbox">
          {t("inboxWaiting", { count: inbox.waiting, since: inbox.oldestReceivedAt ? formatDate(inbox.oldestReceivedAt) : "—" })}
          {inbox.overdue ? t("inboxOverdue") : ""}.
        </p>
      ) : null}
      <h3 className="mt-3 text-xs font-medium text-slate-500">{t("title")}</h3>
      {lastRun ? (
        <>
          <p className="mt-1 text-xs text-slate-700">
            {t("lastRun", {
              date: formatDate(lastRun.startedAt),
              checked: lastRun.checked,
              moved: lastRun.moved,
              unknown: lastRun.unknown,
            })}
            {lastRun.strandedFound ? t("stranded", { found: lastRun.strandedFound, queued: lastRun.strandedPublished }) : t("noStranded")}.
          </p>
          {checkedProviders.length ? (
            <table className="mt-1 text-left text-xs" aria-label={t("table")}>
              <thead className="text-slate-500">
                <tr>
                  <th className="py-0.5 pr-4 font-medium">{t("provider")}</th>
                  <th className="py-0.5 pr-4 text-right font-medium">{t("checked")}</th>
                  <th className="py-0.5 pr-4 text-right font-medium">{t("moved")}</th>
                  <th className="py-0.5 pr-4 text-right font-medium">{t("unchanged")}</th>
                  <th className="py-0.5 text-right font-medium">{t("unknown")}</th>
                </tr>
              </thead>
              <tbody>
                {checkedProviders.map((provider) => (
                  <tr
                    key={provider.provider}
                    title={provider.errors.length ? t("lastErrors", { errors: provider.errors.join(" · ") }) : undefined}
                  >
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
        <p className="mt-1 text-xs text-slate-700">{t("notRun")}</p>
      )}
      <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
        {withoutStatusApi.map((provider) => (
          <li key={provider.provider}>
            {t("noStatusApi", { provider: PROVIDER_NAMES[provider.provider], reason: provider.reason })}
            {provider.due ? t("cannotCheck", { count: provider.due }) : ""}.
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Running and waiting apart: a job the embedded runner is running is not one left behind. */
function jobsText(jobs: JobsHealth, t: ReconciliationTranslator, formatDate: (date: Date) => string): string {
  if (jobs.running + jobs.waiting === 0) return t("jobsNone");
  const sentences: string[] = [];
  if (jobs.running) sentences.push(t("jobsRunning", { count: jobs.running }));
  if (jobs.waiting) {
    const since = jobs.oldestWaitingAt ? formatDate(jobs.oldestWaitingAt) : "—";
    sentences.push(t("jobsWaiting", { count: jobs.waiting, since }) + (jobs.overdue ? t("jobsOverdue", { count: jobs.overdue }) : ""));
  }
  if (jobs.lastError) sentences.push(sentences.pop() + t("jobsLastError", { error: jobs.lastError }));
  return sentences.map((sentence) => `${sentence}.`).join(" ");
}
