"use client";

import { ChevronLeft, ChevronRight, SearchX } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";
import { type Cursor, encodeCursor } from "@/lib/cursor";
import { FILTER_KEYS } from "@/lib/filters/communication-filters";
import { useFormats } from "@/app/i18n/use-formats";
import { FIRST_PAGE, PAGE_SIZE } from "./search-params";
import { useCommunicationsParams } from "./use-communications-params";
import { TotalLabel, useCountText, WithTotal } from "./view-counts";

/**
 * Frame shared by both tables: pending dimming, empty state, keyset pagination. The rows
 * are shown as soon as they are here; the total arrives after them (view-counts.tsx).
 */
export function Results({
  noun,
  rowCount,
  nextCursor,
  previousCursor,
  toolbar,
  children,
}: {
  /** What the rows are: the header reads "4,939 communications" or "12 attempts". */
  noun: "communications" | "attempts";
  rowCount: number;
  nextCursor: Cursor | null;
  previousCursor: Cursor | null;
  toolbar?: ReactNode;
  children: ReactNode;
}) {
  const t = useTranslations("results");
  const format = useFormats();
  const countText = useCountText();
  const { params, setParams, setFilters, isPending } = useCommunicationsParams();
  const hydrated = useHydrated();
  // Without a page before this one it is page one, whatever an old link's number says.
  const page = previousCursor ? Math.max(2, params.page) : 1;
  const first = (page - 1) * PAGE_SIZE + 1;
  if (rowCount === 0) {
    return (
      <div
        role="status"
        className="flex flex-col items-center gap-3 rounded-lg border border-dashed border-slate-300 bg-white p-12 text-center"
        {...hydrationMarker(hydrated)}
      >
        <SearchX className="size-8 text-slate-400" aria-hidden />
        <p className="font-medium">{params.cursor || params.before ? t("noMoreRows") : t(`${noun}.none`)}</p>
        <Button onClick={() => setFilters(Object.fromEntries(FILTER_KEYS.map((key) => [key, null])))}>{t("clearFilters")}</Button>
      </div>
    );
  }
  return (
    <div className={cn("space-y-2 transition-opacity", isPending && "opacity-60")} aria-busy={isPending} {...hydrationMarker(hydrated)}>
      <div className="flex min-h-8 flex-wrap items-center justify-between gap-2 text-sm text-slate-600">
        {toolbar ?? <span />}
        <span className="flex items-center gap-2">
          <TotalLabel noun={noun} />
        </span>
      </div>
      {children}
      <nav aria-label={t("pagination")} className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="text-slate-600 tabular-nums" aria-live="polite">
          <WithTotal width="w-32">
            {(total) =>
              t("pageRange", {
                page: format.number(page),
                first: format.number(first),
                last: format.number(first + rowCount - 1),
                total: countText(total),
              })
            }
          </WithTotal>
        </span>
        <span className="flex gap-2">
          {page > 2 ? (
            <Button size="sm" onClick={() => setParams({ ...FIRST_PAGE, open: null })}>
              {t("firstPage")}
            </Button>
          ) : null}
          <Button
            size="sm"
            disabled={!previousCursor}
            onClick={() => previousCursor && setParams({ ...FIRST_PAGE, before: encodeCursor(previousCursor), page: page - 1, open: null })}
          >
            <ChevronLeft className="size-4" aria-hidden /> {t("previous")}
          </Button>
          <Button
            size="sm"
            disabled={!nextCursor}
            onClick={() => nextCursor && setParams({ ...FIRST_PAGE, cursor: encodeCursor(nextCursor), page: page + 1, open: null })}
          >
            {t("next")} <ChevronRight className="size-4" aria-hidden />
          </Button>
        </span>
      </nav>
    </div>
  );
}

/** Opens a row's detail from a click anywhere on the row (keyboard: its subject button). */
export function useOpenRow() {
  const { setParams } = useCommunicationsParams();
  return (id: string) => setParams({ open: id });
}
