import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { getFormats } from "@/app/i18n/server-formats";
import type { ChannelFailover } from "@/lib/failover/overview";

const STATE_TONE = { healthy: "success", degraded: "warning", down: "danger" } as const;

/** One channel's failover: where hand-overs go now and why, each provider's health, or why it has none. */
export async function ChannelFailoverFacts({ entry }: { entry: ChannelFailover }) {
  const [t, provider, format] = await Promise.all([getTranslations("providers"), getTranslations("provider"), getFormats()]);
  if (entry.providers.length < 2) {
    return <p className="text-sm text-slate-600">{t("noFailover", { reason: entry.offReason ?? "—" })}</p>;
  }
  const { route } = entry;
  const mode = route?.mode ?? "auto";
  const primary = entry.providers[0]!;
  const failedOver = entry.current !== primary;
  return (
    <div className="space-y-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className={failedOver ? "font-medium text-amber-900" : "font-medium"}>
          {t("now", { provider: entry.current ? provider(entry.current) : "—" })}
        </span>
        <Badge tone={mode === "auto" ? "neutral" : "info"}>
          {mode === "pinned" && route?.pinnedProvider ? t("mode.pinned", { provider: provider(route.pinnedProvider) }) : t(`mode.${mode}`)}
        </Badge>
        <span className="text-slate-500">{t("primary", { provider: provider(primary) })}</span>
      </p>
      <p className="text-slate-600">
        {route?.switchedAt && route.switchReason
          ? t("lastSwitch", { time: format.dateTime(route.switchedAt, { seconds: true }), reason: route.switchReason })
          : t("neverSwitched")}
      </p>
      <ul className="space-y-1">
        {entry.providers.map((name) => {
          const health = entry.health.find((row) => row.provider === name);
          return (
            <li key={name} className="flex flex-wrap items-center gap-2">
              <span className="w-20 font-medium">{provider(name)}</span>
              {health?.assessedAt ? (
                <>
                  <Badge tone={STATE_TONE[health.state]}>{t(`state.${health.state}`)}</Badge>
                  <span className="text-slate-600">
                    {t("window", { samples: health.samples, rate: health.errorRate })}
                    {health.usualFeedbackMs !== null ? ` · ${t("usualDelay", { seconds: health.usualFeedbackMs / 1000 })}` : ""}
                    {health.reason ? ` · ${health.reason}` : ""}
                  </span>
                </>
              ) : (
                <span className="text-slate-500">{t("notAssessed")}</span>
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
