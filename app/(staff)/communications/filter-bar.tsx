"use client";

import { Loader2, Search, X } from "lucide-react";
import { debounce } from "nuqs";
import { Suspense, use, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input } from "@/components/ui/input";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";
import { CATEGORY_LABELS } from "@/lib/categories";
import { ATTEMPT_STATUSES, CHANNEL_NAMES, CHANNELS, QUICK_FILTER_KEYS, QUICK_FILTERS, type QuickFilter, STATUS_LABELS } from "@/lib/status";
import { CustomerPicker, DateRangeFilter, MultiSelect } from "./filter-controls";
import { FILTER_KEYS, hasActiveFilters } from "@/lib/filters/communication-filters";
import { useCommunicationsParams } from "./use-communications-params";

type Counts = Record<QuickFilter, number>;

const CATEGORY_OPTIONS = Object.entries(CATEGORY_LABELS).map(([value, label]) => ({ value, label }));
const CHANNEL_OPTIONS = CHANNELS.map((value) => ({ value, label: CHANNEL_NAMES[value] }));
const STATUS_OPTIONS = ATTEMPT_STATUSES.map((value) => ({ value, label: STATUS_LABELS[value] }));

export function FilterBar({
  countsPromise,
  locationGroups,
  customerName,
}: {
  countsPromise: Promise<Counts>;
  locationGroups: string[];
  customerName: string | null;
}) {
  const { params, setParams, setFilters, isPending } = useCommunicationsParams();
  const [search, setSearch] = useState(params.search);
  const hydrated = useHydrated();

  const onSearch = (value: string) => {
    setSearch(value);
    // Typing replaces one history entry and reaches the server 300 ms after the last key.
    void setParams(
      { search: value || null, cursor: null, open: null },
      { history: "replace", limitUrlUpdates: value ? debounce(300) : undefined },
    );
  };

  return (
    <section aria-label="Search and filters" className="space-y-3" {...hydrationMarker(hydrated)}>
      <div className="flex flex-wrap items-center gap-3">
        <div className="relative min-w-64 flex-1">
          <Search className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" aria-hidden />
          <Input
            type="search"
            aria-label="Search by invoice number, customer or recipient"
            placeholder="Search invoice number, customer, e-mail, phone…"
            value={search}
            maxLength={200}
            onChange={(event) => onSearch(event.target.value)}
            className="pl-9"
          />
        </div>
        <Suspense fallback={<QuickFilterButtons active={params.quick} onSelect={() => undefined} counts={null} />}>
          <QuickFilterCounts countsPromise={countsPromise} active={params.quick} onSelect={(quick) => setFilters({ quick })} />
        </Suspense>
        {isPending ? (
          <span role="status" className="inline-flex items-center gap-1 text-xs text-slate-500">
            <Loader2 className="size-3.5 animate-spin" aria-hidden /> Updating…
          </span>
        ) : null}
      </div>

      <div className="flex flex-wrap items-center gap-2">
        <MultiSelect label="Type" options={CHANNEL_OPTIONS} selected={params.channels} onChange={(channels) => setFilters({ channels })} />
        <MultiSelect
          label="Category"
          options={CATEGORY_OPTIONS}
          selected={params.categories}
          onChange={(categories) => setFilters({ categories: categories as typeof params.categories })}
        />
        <MultiSelect label="Status" options={STATUS_OPTIONS} selected={params.statuses} onChange={(statuses) => setFilters({ statuses })} />
        <DateRangeFilter from={params.from} to={params.to} onChange={(range) => setFilters(range)} />
        <CustomerPicker value={params.customer} name={customerName} onChange={(customer) => setFilters({ customer })} />
        <select
          aria-label="Location group"
          value={params.location ?? ""}
          onChange={(event) => setFilters({ location: event.target.value || null })}
          className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
        >
          <option value="">All locations</option>
          {locationGroups.map((group) => (
            <option key={group} value={group}>
              {group}
            </option>
          ))}
        </select>
        <label className="inline-flex h-8 items-center gap-2 rounded-md border border-slate-300 bg-white px-2 text-sm">
          <input type="checkbox" checked={params.ignored} onChange={(event) => setFilters({ ignored: event.target.checked })} />
          Show ignored
        </label>
        <select
          aria-label="Sort"
          value={params.sort}
          onChange={(event) => setFilters({ sort: event.target.value as typeof params.sort })}
          className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm"
        >
          <option value="newest">Newest first</option>
          <option value="oldest">Oldest first</option>
        </select>
        {hasActiveFilters(params) ? (
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              setSearch("");
              void setFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])));
            }}
          >
            <X className="size-4" aria-hidden /> Clear filters
          </Button>
        ) : null}
      </div>
    </section>
  );
}

function QuickFilterCounts(props: { countsPromise: Promise<Counts>; active: QuickFilter; onSelect: (quick: QuickFilter) => void }) {
  const counts = use(props.countsPromise);
  return <QuickFilterButtons {...props} counts={counts} />;
}

function QuickFilterButtons({
  counts,
  active,
  onSelect,
}: {
  counts: Counts | null;
  active: QuickFilter;
  onSelect: (quick: QuickFilter) => void;
}) {
  return (
    <div role="group" aria-label="Quick status filters" className="inline-flex rounded-md border border-slate-300 bg-white p-0.5">
      {QUICK_FILTER_KEYS.map((key) => (
        <button
          key={key}
          type="button"
          aria-pressed={active === key}
          onClick={() => onSelect(key)}
          className={cn(
            "inline-flex items-center gap-1.5 rounded px-2.5 py-1 text-sm whitespace-nowrap focus-visible:outline-2 focus-visible:outline-sky-600",
            active === key ? "bg-slate-900 text-white" : "text-slate-700 hover:bg-slate-100",
          )}
        >
          {QUICK_FILTERS[key].label}
          <span className={cn("tabular-nums text-xs", active === key ? "text-slate-200" : "text-slate-500")}>
            {counts ? counts[key].toLocaleString("en") : "…"}
          </span>
        </button>
      ))}
    </div>
  );
}
