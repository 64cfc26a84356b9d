"use client";

import { Loader2, Search, SlidersHorizontal, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { debounce } from "nuqs";
import { Suspense, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { activeControlClasses, controlClasses } from "@/components/ui/control";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Sheet } from "@/components/ui/sheet";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";
import { CATEGORIES } from "@/lib/categories";
import type { QuickFilterCounts } from "@/lib/quick-filter-counts";
import { ATTEMPT_STATUSES, CHANNELS, QUICK_FILTER_KEYS, type QuickFilter } from "@/lib/status";
import { DateRangeFilter } from "./date-range-filter";
import { CustomerPicker, LocationFilter, MultiSelect } from "./filter-controls";
import { FILTER_KEYS, hasActiveFilters } from "@/lib/filters/communication-filters";
import { NEW_VIEW } from "./search-params";
import { useCommunicationsParams } from "./use-communications-params";
import { CountPlaceholder, useCountText, useQuickFilterCounts } from "./view-counts";

export function FilterBar({
  viewKey,
  locationGroups,
  customerName,
}: {
  /** The view the counts belong to: a new view shows placeholders until its own counts arrive. */
  viewKey: string;
  locationGroups: Promise<string[]>;
  customerName: string | null;
}) {
  const t = useTranslations("filters");
  const { params, setParams, setFilters, isPending } = useCommunicationsParams();
  const [search, setSearch] = useState(params.search);
  const [shownQuery, setShownQuery] = useState(params.search);
  const [sheetOpen, setSheetOpen] = useState(false);
  const hydrated = useHydrated();
  // The box follows the URL when it changes from outside (Back, Forward, a link, Clear
  // filters); while typing, nuqs reports the typed value at once, so nothing is overwritten.
  if (params.search !== shownQuery) {
    setShownQuery(params.search);
    setSearch(params.search);
  }

  const onSearch = (value: string) => {
    setSearch(value);
    // Typing replaces one history entry and reaches the server 300 ms after the last key.
    void setParams(
      { search: value || null, ...NEW_VIEW, open: null },
      { history: "replace", limitUrlUpdates: value ? debounce(300) : undefined },
    );
  };
  const controls = <FilterControls locationGroups={locationGroups} customerName={customerName} />;
  const active = activeFilterCount(params);

  return (
    <section aria-label={t("region")} className="space-y-3" {...hydrationMarker(hydrated)}>
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-0 flex-1 basis-64">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            aria-label={t("searchLabel")}
            placeholder={t("searchPlaceholder")}
            value={search}
            maxLength={200}
            onChange={(event) => onSearch(event.target.value)}
            className="pl-9"
          />
        </div>
        <Suspense key={viewKey} fallback={<QuickFilterButtons active={params.quick} onSelect={() => undefined} counts={null} />}>
          <QuickFilterCounts active={params.quick} onSelect={(quick) => setFilters({ quick })} />
        </Suspense>
        {/* The order is a view option, not a filter: it stays beside the search. */}
        <Select
          aria-label={t("sort")}
          value={params.sort}
          onChange={(event) => setFilters({ sort: event.target.value as typeof params.sort })}
        >
          <option value="newest">{t("newestFirst")}</option>
          <option value="oldest">{t("oldestFirst")}</option>
        </Select>
        {/* Phones: the dropdowns live in a sheet behind one button. */}
        <Button className="sm:hidden" onClick={() => setSheetOpen(true)}>
          <SlidersHorizontal className="size-4" aria-hidden /> {active ? t("filtersCount", { count: active }) : t("filters")}
        </Button>
        {isPending ? (
          <span role="status" className="inline-flex items-center gap-1 text-xs text-slate-500">
            <Loader2 className="size-3.5 animate-spin" aria-hidden /> {t("updating")}
          </span>
        ) : null}
      </div>
      <div className="hidden flex-wrap items-center gap-2 sm:flex">{controls}</div>
      <Sheet open={sheetOpen} onOpenChange={setSheetOpen} title={t("filters")} closeLabel={t("closeFilters")}>
        <div className="flex flex-col items-stretch gap-3 [&>*]:w-full [&>button]:justify-between">{controls}</div>
      </Sheet>
    </section>
  );
}

function FilterControls({ locationGroups, customerName }: { locationGroups: Promise<string[]>; customerName: string | null }) {
  const t = useTranslations();
  const { params, setFilters } = useCommunicationsParams();
  const channelOptions = CHANNELS.map((value) => ({ value, label: t(`channel.${value}`) }));
  const categoryOptions = CATEGORIES.map((value) => ({ value, label: t(`category.${value}`) }));
  const statusOptions = ATTEMPT_STATUSES.map((value) => ({ value, label: t(`status.${value}`) }));
  return (
    <>
      <MultiSelect
        label={t("filters.type")}
        options={channelOptions}
        selected={params.channels}
        onChange={(channels) => setFilters({ channels })}
      />
      <MultiSelect
        label={t("filters.category")}
        options={categoryOptions}
        selected={params.categories}
        onChange={(categories) => setFilters({ categories })}
      />
      <MultiSelect
        label={t("filters.status")}
        options={statusOptions}
        selected={params.statuses}
        onChange={(statuses) => setFilters({ statuses })}
      />
      <DateRangeFilter from={params.from} to={params.to} onChange={(range) => setFilters(range)} />
      <CustomerPicker value={params.customer} name={customerName} onChange={(customer) => setFilters({ customer })} />
      <LocationFilter groups={locationGroups} value={params.location} onChange={(location) => setFilters({ location })} />
      <label
        className={cn(
          controlClasses,
          "inline-flex items-center gap-2 px-2.5 focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-sky-600",
          params.ignored && activeControlClasses,
        )}
      >
        <input
          type="checkbox"
          checked={params.ignored}
          onChange={(event) => setFilters({ ignored: event.target.checked })}
          className="size-4 accent-slate-900 focus:outline-none"
        />
        {t("filters.showIgnored")}
      </label>
      {hasActiveFilters(params) ? (
        <Button variant="ghost" onClick={() => void setFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}>
          <X className="size-4" aria-hidden /> {t("filters.clear")}
        </Button>
      ) : null}
    </>
  );
}

/** How many dropdown filters are set: shown on the phone's Filters button. */
function activeFilterCount(params: ReturnType<typeof useCommunicationsParams>["params"]): number {
  const set = [
    params.channels.length,
    params.categories.length,
    params.statuses.length,
    params.from || params.to,
    params.customer,
    params.location,
    params.ignored,
  ];
  return set.filter(Boolean).length;
}

function QuickFilterCounts(props: { active: QuickFilter; onSelect: (quick: QuickFilter) => void }) {
  return <QuickFilterButtons {...props} counts={useQuickFilterCounts()} />;
}

function QuickFilterButtons({
  counts,
  active,
  onSelect,
}: {
  counts: QuickFilterCounts | null;
  active: QuickFilter;
  onSelect: (quick: QuickFilter) => void;
}) {
  const t = useTranslations();
  const countText = useCountText();
  return (
    <div
      role="group"
      aria-label={t("filters.quickFilters")}
      className="inline-flex h-9 rounded-md border border-slate-300 bg-white p-0.5 max-sm:grid max-sm:h-auto max-sm:w-full max-sm:grid-cols-2"
    >
      {QUICK_FILTER_KEYS.map((key) => (
        <button
          key={key}
          type="button"
          aria-pressed={active === key}
          onClick={() => onSelect(key)}
          className={cn(
            "inline-flex items-center justify-center gap-1.5 rounded px-2.5 text-sm whitespace-nowrap max-sm:h-8 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600",
            active === key ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {t(`quickFilter.${key}`)}
          {counts ? (
            <span className={cn("tabular-nums text-xs", active === key ? "text-slate-200" : "text-slate-500")}>
              {countText(counts[key])}
            </span>
          ) : (
            <CountPlaceholder width="w-7" />
          )}
        </button>
      ))}
    </div>
  );
}
