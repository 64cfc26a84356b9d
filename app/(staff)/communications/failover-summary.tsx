import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { ChannelFailover } from "@/lib/failover/overview";
import { ChannelFailoverFacts } from "../admin/providers/channel-failover";

// Tracking health's failover block: per channel with two providers, where hand-overs go
// now, why it last switched and each provider's health; the channels without failover, and
// why, on one line. Admins change the routing on the Providers page.
export async function FailoverSummary({ overview, isAdmin }: { overview: readonly ChannelFailover[]; isAdmin: boolean }) {
  const [t, channel] = await Promise.all([getTranslations("providers"), getTranslations("channel")]);
  const withFailover = overview.filter((entry) => entry.providers.length >= 2);
  const without = overview.filter((entry) => entry.providers.length < 2);
  return (
    <div className="mt-3" id="tracking-failover">
      <h3 className="text-xs font-medium text-slate-500">{t("trackingTitle")}</h3>
      <ul className="mt-1 space-y-2 text-xs">
        {withFailover.map((entry) => (
          <li key={entry.channel}>
            <span className="font-medium">{channel(entry.channel)}</span>
            <ChannelFailoverFacts entry={entry} />
          </li>
        ))}
        {without.length ? (
          <li className="text-slate-500">
            {without.map((entry) => `${channel(entry.channel)}: ${t("noFailover", { reason: entry.offReason ?? "—" })}`).join(" ")}
          </li>
        ) : null}
      </ul>
      {isAdmin ? (
        <Link href="/admin/providers" className="mt-1 inline-block text-xs text-sky-700 underline-offset-2 hover:underline">
          {t("change")}
        </Link>
      ) : null}
    </div>
  );
}
