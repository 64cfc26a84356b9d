import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { getDb } from "@/db/client";
import { listAttempts } from "@/db/queries/communication-log";
import { getCustomerName, getLatestChange, listCommunications, listLocationGroups } from "@/db/queries/communications";
import { resolveFilters } from "@/db/queries/filters";
import { hasRole } from "@/lib/auth/roles";
import { decodeCursor } from "@/lib/cursor";
import { toFilters } from "@/lib/filters/communication-filters";
import { countQuickFilters, countQuickFiltersExactly } from "@/lib/quick-filter-counts";
import { DetailPanel } from "./detail-panel";
import { FilterBar } from "./filter-bar";
import { LiveUpdates } from "./live-updates";
import { LogTable } from "./log-table";
import { OverviewTable } from "./overview-table";
import { loadCommunicationsSearchParams, PAGE_SIZE } from "./search-params";
import { TabNav } from "./tab-nav";
import { TableSkeleton } from "./table-skeleton";
import { requireStaff } from "../current-staff";
import { BulkSendProgress } from "./bulk-send-progress";
import { TrackingHealth, TrackingHealthSkeleton } from "./tracking-health";
import { ViewCountsProvider } from "./view-counts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("communications"))("title") };
}

// Nothing here waits for a count. The queries start at once and are not awaited (except
// the one-row change probe): the header and filter bar render first, the rows stream in as
// soon as the list query returns — the same listCommunications / listAttempts the platform
// API reads, with the search text probed once for the list and the counts — and the counts
// (capped, db/queries/row-counts.ts), the location groups and tracking health (cached,
// lib/tracking-health-cache.ts) stream in behind them, each under its own Suspense. A
// failure reaches error.tsx, never an empty table.
export default async function CommunicationsPage({ searchParams }: PageProps<"/communications">) {
  const [staff, t] = await Promise.all([requireStaff("viewer"), getTranslations("communications")]);
  const params = await loadCommunicationsSearchParams(searchParams);
  const filters = toFilters(params);
  const before = decodeCursor(params.before ?? undefined) ?? undefined;
  const cursor = before ?? decodeCursor(params.cursor ?? undefined) ?? undefined;
  const direction = params.sort === "oldest" ? "asc" : "desc";
  const db = await getDb();

  const tab = params.tab;
  const resolved = resolveFilters(db, filters, tab);
  const page = { limit: PAGE_SIZE, direction, cursor, toward: before ? "previous" : "next" } as const;
  const rows =
    tab === "log"
      ? { tab, promise: resolved.then((resolvedFilters) => listAttempts(db, { ...page, filters: resolvedFilters })) }
      : { tab, promise: resolved.then((resolvedFilters) => listCommunications(db, { ...page, filters: resolvedFilters })) };
  const count = params.count === "exact" ? countQuickFiltersExactly : countQuickFilters;
  const countsPromise = resolved.then((resolvedFilters) => count(db, { tab, filters: resolvedFilters }));
  const locationGroups = listLocationGroups(db);
  const [version, customerName] = await Promise.all([
    getLatestChange(db),
    params.customer && filters.customerId ? getCustomerName(db, { id: filters.customerId }) : null,
  ]);
  // Keys the boundaries of one view: a new view shows placeholders at once instead of
  // holding the old rows until its slowest part arrives. `count` is not part of it: asking
  // for the exact figures keeps the rows, and the capped figures until the exact ones come.
  const viewKey = JSON.stringify([params.tab, filters, params.cursor, params.before, params.sort]);
  const canOperate = hasRole(staff.role, "operator");

  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6 sm:px-6">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("description")}</p>
        </div>
        <LiveUpdates version={version} />
      </header>
      <Suspense fallback={<TrackingHealthSkeleton />}>
        <TrackingHealth isAdmin={hasRole(staff.role, "admin")} />
      </Suspense>
      <BulkSendProgress />
      <TabNav tab={params.tab} />
      <ViewCountsProvider counts={countsPromise}>
        <FilterBar viewKey={viewKey} locationGroups={locationGroups} customerName={customerName} />
        <Suspense key={viewKey} fallback={<TableSkeleton tab={params.tab} />}>
          {rows.tab === "log" ? (
            <LogTable pagePromise={rows.promise} />
          ) : (
            <OverviewTable pagePromise={rows.promise} canOperate={canOperate} />
          )}
        </Suspense>
      </ViewCountsProvider>
      {params.open ? <DetailPanel tab={params.tab} id={params.open} canOperate={canOperate} /> : null}
    </main>
  );
}
