import { Activity, AlertTriangle } from "lucide-react";
import type { Route } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { PROVIDER_NAMES } from "@/lib/attempts";
import { formatDateTime } from "@/lib/format";
import { STATUS_LABELS } from "@/lib/status";
import { Skeleton } from "@/components/ui/skeleton";
import type { ProviderTrackingHealth } from "@/lib/tracking-health";
import { getCachedTrackingHealth } from "@/lib/tracking-health-cache";
import { configuredWebhookProviders } from "@/lib/webhooks/verify";

const LINK = "text-sky-700 underline-offset-2 hover:underline";

// Is provider feedback still arriving? Two kinds of finding: "needs attention" — attempts
// stuck waiting for feedback, events Herald could not apply, no event ever, and refused
// requests to a provider whose secret is configured (its own feedback may be lost) — and
// noise: refused requests to a provider never given a secret, which only strangers send.
// The summary names the first kind loudly and counts the second calmly; the details list
// the rows behind every count, each a link to the row.
// The figures come from a short-lived cache (lib/tracking-health-cache.ts): the summary says
// when they were computed.
export async function TrackingHealth() {
  const health = await getCachedTrackingHealth(await getDb(), { unresolvedLimit: 10, configuredProviders: configuredWebhookProviders() });
  const problems = health.providers.filter((provider) => problemsOf(provider).length > 0);
  const noise = health.providers.reduce((sum, provider) => sum + (provider.webhookConfigured ? 0 : refusedOf(provider)), 0);
  return (
    <details id="tracking-health" className="group rounded-lg border border-slate-200 bg-white text-sm open:shadow-sm">
      <summary className="flex cursor-pointer list-none flex-wrap items-center gap-x-2 gap-y-1 px-3 py-2">
        {problems.length ? (
          <AlertTriangle className="size-4 text-amber-600" aria-hidden />
        ) : (
          <Activity className="size-4 text-emerald-600" aria-hidden />
        )}
        <span className="font-medium">Tracking health</span>
        <span className={problems.length ? "text-amber-900" : "text-slate-600"}>
          {problems.length
            ? `Needs attention: ${problems.map((provider) => `${PROVIDER_NAMES[provider.provider]} (${problemsOf(provider).join(", ")})`).join("; ")}`
            : "Feedback from every provider is arriving."}
        </span>
        {noise ? (
          <span className="text-slate-500">
            · {noise.toLocaleString("en")} anonymous request{noise === 1 ? "" : "s"} refused (noise)
          </span>
        ) : null}
        <span className="ml-auto text-xs text-slate-400">
          as of <time dateTime={health.generatedAt.toISOString()}>{formatDateTime(health.generatedAt, { seconds: true })}</time>
        </span>
      </summary>
      <div className="overflow-x-auto border-t border-slate-200 p-3">
        <table className="w-full text-left text-sm" aria-label="Tracking health by provider">
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="py-1 pr-4 font-medium">Provider</th>
              <th className="py-1 pr-4 font-medium">Last event</th>
              <th className="py-1 pr-4 text-right font-medium">Stuck attempts</th>
              <th className="py-1 pr-4 text-right font-medium">Unmatched events</th>
              <th className="py-1 pr-4 text-right font-medium">Unrecognised events</th>
              <th className="py-1 text-right font-medium">Refused requests</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {health.providers.map((provider) => (
              <tr key={provider.provider}>
                <td className="py-1.5 pr-4 font-medium">{PROVIDER_NAMES[provider.provider]}</td>
                <td className="py-1.5 pr-4">
                  {provider.lastEventAt ? (
                    formatDateTime(provider.lastEventAt)
                  ) : (
                    <span className="text-amber-800">Never — is its webhook configured?</span>
                  )}
                </td>
                <td className="py-1.5 pr-4 text-right tabular-nums">
                  {provider.stuckAttempts ? (
                    <a href="#tracking-stuck" className={LINK}>
                      {provider.stuckAttempts}
                    </a>
                  ) : (
                    0
                  )}
                </td>
                <td className="py-1.5 pr-4 text-right tabular-nums">
                  {provider.unknownMessageEvents ? (
                    <a href="#tracking-unresolved" className={LINK}>
                      {provider.unknownMessageEvents}
                    </a>
                  ) : (
                    0
                  )}
                </td>
                <td className="py-1.5 pr-4 text-right tabular-nums">
                  {provider.unrecognisedEvents ? (
                    <a href="#tracking-unresolved" className={LINK}>
                      {provider.unrecognisedEvents}
                    </a>
                  ) : (
                    0
                  )}
                </td>
                <td
                  className={`py-1.5 text-right tabular-nums ${provider.webhookConfigured && refusedOf(provider) ? "text-amber-800" : "text-slate-500"}`}
                  title={provider.rejectedRequests.lastDetail ? `Last: ${provider.rejectedRequests.lastDetail}` : undefined}
                >
                  {refusedOf(provider)}
                  {refusedOf(provider) && !provider.webhookConfigured ? (
                    <span className="sr-only"> (anonymous, no secret configured: noise)</span>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {health.longestStuck.length ? (
          <div className="mt-3" id="tracking-stuck">
            <h3 className="text-xs font-medium text-slate-500">Waiting longest for provider feedback</h3>
            <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
              {health.longestStuck.map((attempt) => (
                <li key={attempt.id}>
                  <Link href={`/communications?tab=log&open=${attempt.id}` as Route} className={LINK}>
                    {attempt.subjectRef} · {PROVIDER_NAMES[attempt.provider]} · {attempt.recipient}
                  </Link>{" "}
                  — {STATUS_LABELS[attempt.status]} since {formatDateTime(attempt.statusAt)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {health.recentUnresolved.length ? (
          <div className="mt-3" id="tracking-unresolved">
            <h3 className="text-xs font-medium text-slate-500">Latest events Herald could not apply</h3>
            <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
              {health.recentUnresolved.map((event) => (
                <li key={event.id}>
                  {formatDateTime(event.receivedAt)} · {PROVIDER_NAMES[event.provider]} · {event.eventType} ·{" "}
                  {event.outcome === "unknown_message" ? `unknown message ${event.providerMessageId ?? ""}` : "unrecognised type"}
                  {event.detail ? ` — ${event.detail}` : ""}
                  {/* An unrecognised event names a message Herald knows: the log search finds its attempt. */}
                  {event.outcome === "unrecognised" && event.providerMessageId ? (
                    <>
                      {" "}
                      <Link href={`/communications?tab=log&q=${encodeURIComponent(event.providerMessageId)}` as Route} className={LINK}>
                        Show the attempt
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
  return (
    <div aria-busy="true" className="flex h-10 items-center gap-2 rounded-lg border border-slate-200 bg-white px-3">
      <span className="sr-only">Loading tracking health…</span>
      <Skeleton className="size-4 rounded-full" />
      <Skeleton className="h-4 w-28" />
      <Skeleton className="h-4 w-64" />
    </div>
  );
}

function refusedOf(provider: ProviderTrackingHealth): number {
  return provider.rejectedRequests.invalidSignature + provider.rejectedRequests.payloadTooLarge;
}

/** What needs someone's attention; refused requests count only where a secret is configured. */
function problemsOf(provider: ProviderTrackingHealth): string[] {
  const problems: string[] = [];
  if (!provider.lastEventAt) problems.push("no event ever received");
  if (provider.stuckAttempts) problems.push(`${provider.stuckAttempts} stuck awaiting feedback`);
  const unresolved = provider.unknownMessageEvents + provider.unrecognisedEvents;
  if (unresolved) problems.push(`${unresolved} unmatched event${unresolved === 1 ? "" : "s"}`);
  if (provider.webhookConfigured && provider.rejectedRequests.invalidSignature) problems.push("signatures refused");
  return problems;
}
