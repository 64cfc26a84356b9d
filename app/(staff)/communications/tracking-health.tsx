import { Activity, AlertTriangle } from "lucide-react";
import { getDb } from "@/db/client";
import { PROVIDER_NAMES } from "@/lib/attempts";
import { formatDateTime } from "@/lib/format";
import { getTrackingHealth, type ProviderTrackingHealth } from "@/lib/tracking-health";

// Is provider feedback still arriving? A provider that never sent an event (webhook not
// configured), attempts stuck waiting for feedback, events Herald could not match, and
// refused requests (bad signatures) are flagged in the summary line, so staff see them at
// a glance; the details list every provider.
export async function TrackingHealth() {
  const health = await getTrackingHealth(await getDb(), { now: new Date(), unresolvedLimit: 10 });
  const problems = health.providers.filter((provider) => problemsOf(provider).length > 0);
  return (
    <details className="group rounded-lg border border-slate-200 bg-white text-sm open:shadow-sm">
      <summary className="flex cursor-pointer list-none items-center gap-2 px-3 py-2">
        {problems.length ? (
          <AlertTriangle className="size-4 text-amber-600" aria-hidden />
        ) : (
          <Activity className="size-4 text-emerald-600" aria-hidden />
        )}
        <span className="font-medium">Tracking health</span>
        <span className="text-slate-600">
          {problems.length
            ? `${problems.length} provider${problems.length > 1 ? "s need" : " needs"} attention: ${problems
                .map((provider) => `${PROVIDER_NAMES[provider.provider]} (${problemsOf(provider)[0]})`)
                .join(", ")}`
            : "Feedback from every provider is arriving."}
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
                <td className="py-1.5 pr-4 text-right tabular-nums">{provider.stuckAttempts}</td>
                <td className="py-1.5 pr-4 text-right tabular-nums">{provider.unknownMessageEvents}</td>
                <td className="py-1.5 pr-4 text-right tabular-nums">{provider.unrecognisedEvents}</td>
                <td className="py-1.5 text-right tabular-nums" title={provider.rejectedRequests.lastDetail ?? undefined}>
                  {provider.rejectedRequests.invalidSignature + provider.rejectedRequests.payloadTooLarge}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {health.recentUnresolved.length ? (
          <div className="mt-3">
            <h3 className="text-xs font-medium text-slate-500">Latest events Herald could not apply</h3>
            <ul className="mt-1 space-y-0.5 text-xs text-slate-700">
              {health.recentUnresolved.map((event) => (
                <li key={event.id}>
                  {formatDateTime(event.receivedAt)} · {PROVIDER_NAMES[event.provider]} · {event.eventType} ·{" "}
                  {event.outcome === "unknown_message" ? `unknown message ${event.providerMessageId ?? ""}` : "unrecognised type"}
                  {event.detail ? ` — ${event.detail}` : ""}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </details>
  );
}

function problemsOf(provider: ProviderTrackingHealth): string[] {
  const problems: string[] = [];
  if (!provider.lastEventAt) problems.push("no event ever received");
  if (provider.stuckAttempts) problems.push(`${provider.stuckAttempts} stuck`);
  if (provider.unknownMessageEvents + provider.unrecognisedEvents) problems.push("unmatched events");
  if (provider.rejectedRequests.invalidSignature) problems.push("refused signatures");
  return problems;
}
