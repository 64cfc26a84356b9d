import { useTranslations } from "next-intl";
import { Suspense } from "react";
import { Skeleton } from "@/components/ui/skeleton";
import { AttemptDetailView } from "./attempt-detail";
import { CommunicationDetailView } from "./communication-detail";
import { DetailSheet } from "./detail-sheet";
import type { Tab } from "./search-params";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The detail of the row in `?open=`: a communication on the overview, an attempt in the log. */
export function DetailPanel({ tab, id, canOperate }: { tab: Tab; id: string; canOperate: boolean }) {
  const t = useTranslations("detail");
  const isLog = tab === "log";
  return (
    <DetailSheet title={isLog ? t("attemptTitle") : t("communicationTitle")}>
      {UUID.test(id) ? (
        <Suspense key={id} fallback={<DetailSkeleton />}>
          {isLog ? <AttemptDetailView id={id} canOperate={canOperate} /> : <CommunicationDetailView id={id} canOperate={canOperate} />}
        </Suspense>
      ) : (
        <NotFound what={isLog ? "attempt" : "communication"} />
      )}
    </DetailSheet>
  );
}

export function NotFound({ what }: { what: "attempt" | "communication" }) {
  const t = useTranslations("detail");
  return (
    <p role="alert" className="rounded-md border border-amber-200 bg-amber-50 p-4 text-sm text-amber-900">
      {what === "attempt" ? t("attemptNotFound") : t("communicationNotFound")}
    </p>
  );
}

function DetailSkeleton() {
  const t = useTranslations("detail");
  return (
    <div role="status" aria-label={t("loading")} className="space-y-3">
      <Skeleton className="h-6 w-2/3" />
      <Skeleton className="h-4 w-1/2" />
      <Skeleton className="h-32 w-full" />
      <Skeleton className="h-32 w-full" />
    </div>
  );
}
