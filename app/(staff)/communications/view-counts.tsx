"use client";

import { useTranslations } from "next-intl";
import { createContext, type ReactNode, Suspense, use } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import type { QuickFilterCounts } from "@/lib/quick-filter-counts";
import type { RowCount } from "@/lib/row-count";
import { useFormats } from "@/app/i18n/use-formats";
import { useCommunicationsParams } from "./use-communications-params";

// The view's counts arrive after its rows (page.tsx streams them separately): every figure
// that needs them reads them here, under its own Suspense boundary, so the table never
// waits for a count. A capped count says so ("10,000+") and offers the exact figure.

const ViewCounts = createContext<Promise<QuickFilterCounts> | null>(null);

export function ViewCountsProvider({ counts, children }: { counts: Promise<QuickFilterCounts>; children: ReactNode }) {
  return <ViewCounts value={counts}>{children}</ViewCounts>;
}

/** The quick-filter counts of the view; suspends until they have arrived. */
export function useQuickFilterCounts(): QuickFilterCounts {
  const counts = use(ViewCounts);
  if (!counts) throw new Error("useQuickFilterCounts outside ViewCountsProvider");
  return use(counts);
}

/** The number of rows the tab pages through: the active quick filter's count. */
export function useViewTotal(): RowCount {
  const { params } = useCommunicationsParams();
  return useQuickFilterCounts()[params.quick];
}

/** A count's figure in the staff language: "4,939", or "10,000+" when capped. */
export function useCountText(): (count: RowCount) => string {
  const t = useTranslations("counts");
  const format = useFormats();
  return (count) => (count.exact ? format.number(count.value) : t("atLeast", { count: count.value }));
}

/** Renders `children(total)` once the total has arrived; a pulsing placeholder (aria-busy) until then. */
export function WithTotal({ children, width = "w-12" }: { children: (total: RowCount) => ReactNode; width?: string }) {
  return (
    <Suspense fallback={<CountPlaceholder width={width} />}>
      <Total>{children}</Total>
    </Suspense>
  );
}

function Total({ children }: { children: (total: RowCount) => ReactNode }) {
  return children(useViewTotal());
}

export function CountPlaceholder({ width = "w-12" }: { width?: string }) {
  const t = useTranslations("counts");
  return (
    <span aria-busy="true" className="inline-flex items-center align-middle">
      <span className="sr-only">{t("counting")}</span>
      <Skeleton className={`inline-block h-3.5 ${width}`} />
    </span>
  );
}

/** "4,939 communications", or "10,000+ communications · Count exactly" for a capped total. */
export function TotalLabel({ noun }: { noun: "communications" | "attempts" }) {
  const t = useTranslations();
  const { setParams, isPending } = useCommunicationsParams();
  return (
    <WithTotal width="w-28">
      {(total) => (
        <>
          <span className="tabular-nums">
            {total.exact ? t(`results.${noun}.total`, { count: total.value }) : t(`results.${noun}.totalAtLeast`, { count: total.value })}
          </span>
          {total.exact ? null : (
            <button
              type="button"
              className="text-sky-700 underline-offset-2 hover:underline disabled:text-slate-400"
              disabled={isPending}
              title={t("counts.countExactlyHint", { count: total.value })}
              onClick={() => void setParams({ count: "exact" })}
            >
              {isPending ? t("counts.countingExactly") : t("counts.countExactly")}
            </button>
          )}
        </>
      )}
    </WithTotal>
  );
}
