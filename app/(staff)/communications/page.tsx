import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { getDb } from "@/db/client";
import { countAttemptsByStatus, listAttempts } from "@/db/queries/communication-log";
import {
  countCommunicationsByStatus,
  getCustomerName,
  getLatestChange,
  listCommunications,
  listLocationGroups,
} from "@/db/queries/communications";
import { hasRole } from "@/lib/auth/roles";
import { decodeCursor } from "@/lib/cursor";
import { toFilters } from "@/lib/filters/communication-filters";
import { countByQuickFilter } from "@/lib/status";
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
import { TrackingHealth } from "./tracking-health";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("communications"))("title") };
}

// The queries start here and are not awaited: the header and filter bar render at once,
// the counts and rows stream in under Suspense (a failure reaches error.tsx, never an
// empty table).
export default async function CommunicationsPage({ searchParams }: PageProps<"/communications">) {
  const [staff, t] = await Promise.all([requireStaff("viewer"), getTranslations("communications")]);
  const params = await loadCommunicationsSearchParams(searchParams);
  const filters = toFilters(params);
  const before = decodeCursor(params.before ?? undefined) ?? undefined;
  const cursor = before ?? decodeCursor(params.cursor ?? undefined) ?? undefined;
  const direction = params.sort === "oldest" ? "asc" : "desc";
  const db = await getDb();

  const isLog = params.tab === "log";
  const countsPromise = (isLog ? countAttemptsByStatus(db, filters) : countCommunicationsByStatus(db, filters)).then(countByQuickFilter);
  const page = { filters, limit: PAGE_SIZE, direction, cursor, toward: before ? "previous" : "next" } as const;
  const [version, locationGroups, customerName] = await Promise.all([
    getLatestChange(db),
    listLocationGroups(db),
    params.customer && filters.customerId ? getCustomerName(db, { id: filters.customerId }) : null,
  ]);
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
      <Suspense fallback={<div className="h-10 animate-pulse rounded-lg border border-slate-200 bg-white" aria-hidden />}>
        <TrackingHealth />
      </Suspense>
      <BulkSendProgress />
      <TabNav tab={params.tab} />
      <FilterBar countsPromise={countsPromise} locationGroups={locationGroups} customerName={customerName} />
      <Suspense key={viewKey} fallback={<TableSkeleton tab={params.tab} />}>
        {isLog ? (
          <LogTable pagePromise={listAttempts(db, page)} countsPromise={countsPromise} />
        ) : (
          <OverviewTable pagePromise={listCommunications(db, page)} countsPromise={countsPromise} canOperate={canOperate} />
        )}
      </Suspense>
      {params.open ? <DetailPanel tab={params.tab} id={params.open} canOperate={canOperate} /> : null}
    </main>
  );
}
