import { Activity, AlertTriangle } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import { Skeleton } from "@/components/ui/skeleton";
import { getDb } from "@/db/client";
import { getFormats } from "@/app/i18n/server-formats";
import type { ProviderTrackingHealth } from "@/lib/tracking-health";
import { getCachedTrackingHealth } from "@/lib/tracking-health-cache";
import { configuredWebhookProviders } from "@/lib/webhooks/verify";
import { ReconciliationSummary, type ReconciliationTranslator } from "./reconciliation-summary";
import { FailoverSummary } from "./failover-summary";
import { getFailoverOverview } from "@/lib/failover/overview";
import { readEnv } from "@/lib/env";
import { failoverSetup } from "@/lib/providers/registry";

const LINK = "text-sky-700 underline-offset-2 hover:underline";

// Is provider feedback still arriving? Two kinds of finding: "needs attention" — attempts
// stuck waiting for feedback, events Herald could not apply, no event ever, and refused
// requests to a provider whose secret is configured (its own feedback may be lost) — and
// noise: refused requests to a provider never given a secret, which only strangers send.
// The summary names the first kind loudly and counts the second calmly; the details list
// the rows behind every count, each a link to the row, and what reconciliation did. The
// figures come from a short-lived cache (lib/tracking-health-cache.ts): the summary says
// when they were computed.
export async function TrackingHealth({ isAdmin }: { isAdmin: boolean }) {
  const [health, failover, t, format] = await Promise.all([
    getDb().then((db) => getCachedTrackingHealth(db, { unresolvedLimit: 10, configuredProviders: configuredWebhookProviders() })),
    getDb().then((db) => getFailoverOverview(db, failoverSetup(readEnv()))),
    getTranslations(),
    getFormats(),
  ]);
  // A channel failed over from its primary needs a look too (the block below says why).
  const failedOver = failover.filter((entry) => entry.providers.length >= 2 && entry.current !== entry.providers[0]);
  const reconciliationT = (await getTranslations("tracking.reconciliation")) as unknown as ReconciliationTranslator;
  const provider = (name: ProviderTrackingHealth["provider"]) => t(`provider.${name}`);
  const problemsOf = (entry: ProviderTrackingHealth) => findProblems(entry).map(([key, count]) => t(`tracking.problem.${key}`, { count }));
  const problems = health.providers.filter((entry) => problemsOf(entry).length > 0);
  const noise = health.providers.reduce((sum, entry) => sum + (entry.webhookConfigured ? 0 : refusedOf(entry)), 0);
  return (
    <details id="tracking-health" className="group rounded-lg border border-slate-200 bg-white text-sm open:shadow-sm">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2">
        {problems.length ? (
          <AlertTriangle className="size-4 text-amber-600" aria-hidden />
        ) : (
          <Activity className="size-4 text-emerald-600" aria-hidden />
        )}
        <span className="font-medium">{t("tracking.title")}</span>
        <span className={problems.length ? "text-amber-900" : "text-slate-600"}>
          {problems.length
            ? t("tracking.needsAttention", {
                problems: problems.map((entry) => `${provider(entry.provider)} (${problemsOf(entry).join(", ")})`).join("; "),
              })
            : t("tracking.healthy")}
        </span>
        {noise ? <span className="text-slate-500">· {t("tracking.noise", { count: noise })}</span> : null}
        {failedOver.map((entry) => (
          <span key={entry.channel} className="text-amber-900">
            ·{" "}
            {t("tracking.failedOver", {
              channel: t(`channel.${entry.channel}`),
              provider: entry.current ? t(`provider.${entry.current}`) : "—",
            })}
          </span>
        ))}
        <span className="ml-auto text-xs text-slate-400">
          <time dateTime={health.generatedAt.toISOString()}>
            {t("tracking.asOf", { time: format.dateTime(health.generatedAt, { seconds: true }) })}
          </time>
        </span>
      </summary>
      <div className="overflow-x-auto border-t border-slate-200 p-3">
        <table className="w-full text-left text-sm" aria-label={t("tracking.table")}>
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">{t("tracking.provider")}</th>
              <th className="py-1 pr-4 font-medium">{t("tracking.lastEvent")}</th>
              <th className="py-1 pr-4 text-right font-medium">{t("tracking.stuck")}</th>
              <th className="py-1 pr-4 text-right font-medium">{t("tracking.unmatched")}</th>
              <th className="py-1 pr-4 text-right font-medium">{t("tracking.unrecognised")}</th>
              <th className="py-1 text-right font-medium">{t("tracking.refused")}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {health.providers.map((entry) => (
              <tr key={entry.provider}>
                <td className="py-1.5 pr-4 font-medium">{provider(entry.provider)}</td>
                <td className="py-1.5 pr-4">
                  {entry.lastEventAt ? format.dateTime(entry.lastEventAt) : <span className="text-amber-800">{t("tracking.never")}</span>}
                </td>
                <td className="py-1.5 pr-4 text-right tabular-nums">
                  {entry.stuckAttempts ? (
                    <a href="#tracking-stuck" className={LINK}>
                      {entry.stuckAttempts}
                    </a>
                  ) : (
                    0
                  )}
                </td>
                <td className="py-1.5 pr-4 text-right tabular-nums">
                  {entry.unknownMessageEvents ? (
                    <a href="#tracking-unresolved" className={LINK}>
                      {entry.unknownMessageEvents}
                    </a>
                  ) : (
                    0
                  )}
                </td>
                <td className="py-1.5 pr-4 text-right tabular-nums">
                  {entry.unrecognisedEvents ? (
                    <a href="#tracking-unresolved" className={LINK}>
                      {entry.unrecognisedEvents}
                    </a>
                  ) : (
                    0
                  )}
                </td>
                <td
                  className={`py-1.5 text-right tabular-nums ${entry.webhookConfigured && refusedOf(entry) ? "text-amber-800" : "text-slate-500"}`}
                  title={
                    entry.rejectedRequests.lastDetail ? t("tracking.lastRefusal", { detail: entry.rejectedRequests.lastDetail }) : undefined
                  }
                >
                  {refusedOf(entry)}
                  {refusedOf(entry) && !entry.webhookConfigured ? <span className="sr-only"> {t("tracking.noiseHint")}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ReconciliationSummary
          reconciliation={health.reconciliation}
          jobs={health.jobs}
          inbox={health.webhookInbox}
          t={reconciliationT}
          formatDate={(date) => format.dateTime(date)}
        />
        <FailoverSummary overview={failover} isAdmin={isAdmin} />
        {health.longestStuck.length ? (
          <div className="mt-3" id="tracking-stuck">
            <h3 className="text-xs font-medium text-slate-500">{t("tracking.longestStuck")}</h3>
            <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
              {health.longestStuck.map((attempt) => (
                <li key={attempt.id}>
                  <Link href={`/communications?tab=log&open=${attempt.id}` as Route} className={LINK}>
                    {attempt.subjectRef} · {provider(attempt.provider)} · {attempt.recipient}
                  </Link>{" "}
                  — {t("tracking.since", { status: t(`status.${attempt.status}`), date: format.dateTime(attempt.statusAt) })}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {health.recentUnresolved.length ? (
          <div className="mt-3" id="tracking-unresolved">
            <h3 className="text-xs font-medium text-slate-500">{t("tracking.unresolved")}</h3>
            <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
              {health.recentUnresolved.map((event) => (
                <li key={event.id}>
                  {format.dateTime(event.receivedAt)} · {provider(event.provider)} · {event.eventType} ·{" "}
                  {event.outcome === "unknown_message"
                    ? t("tracking.unknownMessage", { id: event.providerMessageId ?? "" })
                    : t("tracking.unrecognisedType")}
                  {event.detail ? ` — ${event.detail}` : ""}
                  {/* An unrecognised event names a message Herald knows: the log search finds its attempt. */}
                  {event.outcome === "unrecognised" && event.providerMessageId ? (
                    <>
                      {" "}
                      <Link href={`/communications?tab=log&q=${encodeURIComponent(event.providerMessageId)}` as Route} className={LINK}>
                        {t("tracking.showAttempt")}
                      </Link>
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </details>
  );
}

/** The closed summary line's size and shape while the figures load. */
export function TrackingHealthSkeleton() {
  const t = useTranslations("tracking");
  return (
    <div aria-busy="true" className="flex h-10 items-center gap-2 rounded-lg border border-slate-200 bg-white px-3">
      <span className="sr-only">{t("loading")}</span>
      <Skeleton className="size-4 rounded-full" />
      <Skeleton className="h-4 w-28" />
      <Skeleton className="h-4 w-64" />
    </div>
  );
}

function refusedOf(provider: ProviderTrackingHealth): number {
  return provider.rejectedRequests.invalidSignature + provider.rejectedRequests.payloadTooLarge;
}

type Problem = "noEvent" | "stuck" | "unmatched" | "signatures";

/** What needs someone's attention, with its count; refused requests count only where a secret is configured. */
function findProblems(provider: ProviderTrackingHealth): [Problem, number][] {
  const problems: [Problem, number][] = [];
  if (!provider.lastEventAt) problems.push(["noEvent", 0]);
  if (provider.stuckAttempts) problems.push(["stuck", provider.stuckAttempts]);
  const unresolved = provider.unknownMessageEvents + provider.unrecognisedEvents;
  if (unresolved) problems.push(["unmatched", unresolved]);
  if (provider.webhookConfigured && provider.rejectedRequests.invalidSignature) problems.push(["signatures", 0]);
  return problems;
}
