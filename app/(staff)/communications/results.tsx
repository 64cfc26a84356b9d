"use client";

import { ChevronRight, SearchX } from "lucide-react";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";
import { type Cursor, encodeCursor } from "@/lib/cursor";
import { FILTER_KEYS } from "@/lib/filters/communication-filters";
import { useCommunicationsParams } from "./use-communications-params";

/** Frame shared by both tables: pending dimming, empty state, keyset pagination. */
export function Results({
  label,
  total,
  rowCount,
  nextCursor,
  toolbar,
  children,
}: {
  label: string;
  total: number;
  rowCount: number;
  nextCursor: Cursor | null;
  toolbar?: ReactNode;
  children: ReactNode;
}) {
  const { params, setParams, setFilters, isPending } = useCommunicationsParams();
  const hydrated = useHydrated();
  if (rowCount === 0) {
    return (
      <div
        role="status"
        className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white p-12 text-center"
        {...hydrationMarker(hydrated)}
      >
        <SearchX className="size-8 text-slate-400" aria-hidden />
        <p className="font-medium">{params.cursor ? "No more rows." : `No ${label} match these filters.`}</p>
        <Button onClick={() => setFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}>Clear filters</Button>
      </div>
    );
  }
  return (
    <div className={cn("space-y-2 transition-opacity", isPending && "opacity-60")} aria-busy={isPending} {...hydrationMarker(hydrated)}>
      <div className="flex min-h-8 flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        {toolbar ?? <span />}
        <span className="tabular-nums">
          {total.toLocaleString("en")} {label}
        </span>
      </div>
      {children}
      <nav aria-label="Pagination" className="flex items-center justify-end gap-2 text-sm">
        {params.cursor ? (
          <Button size="sm" onClick={() => setParams({ cursor: null, open: null })}>
            First page
          </Button>
        ) : null}
        {nextCursor ? (
          <Button size="sm" onClick={() => setParams({ cursor: encodeCursor(nextCursor), open: null })}>
            Next page <ChevronRight className="size-4" aria-hidden />
          </Button>
        ) : null}
      </nav>
    </div>
  );
}

/** Opens a row's detail from a click anywhere on the row (keyboard: its subject button). */
export function useOpenRow() {
  const { setParams } = useCommunicationsParams();
  return (id: string) => setParams({ open: id });
}
