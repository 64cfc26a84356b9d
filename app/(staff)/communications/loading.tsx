import { useTranslations } from "next-intl";
import { Skeleton } from "@/components/ui/skeleton";
import { TableSkeleton } from "./table-skeleton";
import { TrackingHealthSkeleton } from "./tracking-health";

// While the page's first part (session, URL, the change probe) is on its way: the page's
// own frame — title, tracking health line, tabs, filter bar, table — so nothing jumps
// when it arrives.
export default function Loading() {
  const t = useTranslations("communications");
  return (
    <main className="mx-auto max-w-[1400px] space-y-4 px-4 py-6 sm:px-6" aria-busy="true" aria-label={t("loading")}>
      <div className="space-y-2">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <Skeleton className="h-4 w-96 max-w-full" />
      </div>
      <TrackingHealthSkeleton />
      <div className="flex gap-4 border-b border-slate-200 pb-2">
        <Skeleton className="h-5 w-28" />
        <Skeleton className="h-5 w-36" />
      </div>
      <div className="flex flex-wrap gap-2">
        <Skeleton className="h-9 min-w-64 flex-1" />
        <Skeleton className="h-9 w-96" />
        <Skeleton className="h-9 w-32" />
      </div>
      <TableSkeleton tab="overview" />
    </main>
  );
}
