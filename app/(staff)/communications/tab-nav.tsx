"use client";

import { useTranslations } from "next-intl";
import { Tabs } from "radix-ui";
import { cn } from "@/components/ui/cn";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";
import { NEW_VIEW, type Tab, TABS } from "./search-params";
import { useCommunicationsParams } from "./use-communications-params";

// Radix Tabs for the keyboard pattern (arrow keys between tabs); the panel itself is the
// server-rendered table below, so only the list is used. Switching keeps the filters.
export function TabNav({ tab }: { tab: Tab }) {
  const t = useTranslations("communications.tabs");
  const { setParams } = useCommunicationsParams();
  const hydrated = useHydrated();
  return (
    <Tabs.Root value={tab} onValueChange={(value) => setParams({ tab: value as Tab, ...NEW_VIEW, open: null })}>
      <Tabs.List aria-label={t("views")} className="flex gap-1 border-b border-slate-200" {...hydrationMarker(hydrated)}>
        {TABS.map((key) => (
          <Tabs.Trigger
            key={key}
            value={key}
            title={t(`${key}Hint`)}
            className={cn(
              "-mb-px border-b-2 px-3 py-2 text-sm font-medium focus-visible:outline-2 focus-visible:outline-sky-600",
              "border-transparent text-slate-500 hover:text-slate-800 data-[state=active]:border-slate-900 data-[state=active]:text-slate-900",
            )}
          >
            {t(key)}
          </Tabs.Trigger>
        ))}
      </Tabs.List>
    </Tabs.Root>
  );
}
