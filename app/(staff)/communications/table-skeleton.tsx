import { useTranslations } from "next-intl";
import { Skeleton } from "@/components/ui/skeleton";
import type { Tab } from "./search-params";

export function TableSkeleton({ tab }: { tab: Tab }) {
  const t = useTranslations("communications");
  return (
    <div
      role="status"
      aria-label={tab === "log" ? t("loadingLog") : t("loading")}
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
    >
      {Array.from({ length: 12 }, (_, row) => (
        <div key={row} className="flex gap-4">
          <Skeleton className="h-5 w-5" />
          <Skeleton className="h-5 flex-[2]" />
          <Skeleton className="h-5 flex-[2]" />
          <Skeleton className="h-5 flex-1" />
          <Skeleton className="h-5 flex-1" />
          <Skeleton className="h-5 flex-[3]" />
        </div>
      ))}
    </div>
  );
}
