import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { getDb } from "@/db/client";
import { getFailoverOverview } from "@/lib/failover/overview";
import { readEnv } from "@/lib/env";
import { failoverSetup } from "@/lib/providers/registry";
import { requireStaff } from "../../current-staff";
import { ChannelFailoverFacts } from "./channel-failover";
import { RouteForm } from "./route-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("providers"))("title") };
}

// Provider failover per channel: where each channel's hand-overs go, why, and how an admin
// set it (automatic, pinned to one provider, or off — every change in the audit trail).
export default async function ProvidersPage() {
  await requireStaff("admin");
  const [overview, t, channel] = await Promise.all([
    getDb().then((db) => getFailoverOverview(db, failoverSetup(readEnv()))),
    getTranslations("providers"),
    getTranslations("channel"),
  ]);
  return (
    <main className="mx-auto max-w-[1100px] space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-slate-500">{t("intro")}</p>
      </div>
      <ul className="space-y-4">
        {overview.map((entry) => (
          <li key={entry.channel} id={`route-${entry.channel}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="mb-2 text-lg font-semibold">{channel(entry.channel)}</h2>
            <div className="grid gap-4 md:grid-cols-[1fr_auto]">
              <ChannelFailoverFacts entry={entry} />
              {entry.providers.length >= 2 ? (
                <RouteForm
                  channel={entry.channel}
                  channelName={channel(entry.channel)}
                  providers={entry.providers}
                  mode={entry.route?.mode ?? "auto"}
                  pinnedProvider={entry.route?.pinnedProvider ?? null}
                />
              ) : null}
            </div>
          </li>
        ))}
      </ul>
    </main>
  );
}
