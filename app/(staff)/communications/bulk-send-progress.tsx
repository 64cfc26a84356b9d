"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { parseAsString, useQueryState } from "nuqs";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { getBulkSendProgress } from "./send-actions";
import { BULK_JOB_STATUS } from "@/lib/status";

type Progress = NonNullable<Awaited<ReturnType<typeof getBulkSendProgress>>>;

// The running bulk send named by `?bulk=<job id>`: polled every half second (a batch
// reports as it goes, inngest/functions/bulk-send.ts) until it finishes, then the lists are
// refreshed. In the URL, so a reload (or a colleague's link) shows it too.
const POLL_MS = 500;
export function BulkSendProgress() {
  const t = useTranslations("bulk");
  const [jobId, setJobId] = useQueryState("bulk", parseAsString);
  const [progress, setProgress] = useState<Progress | null>(null);
  const router = useRouter();

  useEffect(() => {
    if (!jobId) return;
    let stopped = false;
    const poll = async () => {
      const next = await getBulkSendProgress(jobId);
      if (stopped) return;
      setProgress(next);
      if (next && (next.status === BULK_JOB_STATUS.completed || next.status === BULK_JOB_STATUS.failed)) return router.refresh();
      setTimeout(poll, POLL_MS);
    };
    void poll();
    return () => {
      stopped = true;
    };
  }, [jobId, router]);

  if (!jobId) return null;
  if (!progress)
    return (
      <p className="text-sm text-slate-500" role="status">
        {t("loadingProgress")}
      </p>
    );
  const percent = progress.total ? Math.round((progress.processed / progress.total) * 100) : 100;
  const done = progress.status === BULK_JOB_STATUS.completed || progress.status === BULK_JOB_STATUS.failed;
  return (
    <section
      aria-label={t("progressRegion")}
      className="flex flex-wrap items-center gap-3 rounded-md border border-sky-200 bg-sky-50 px-3 py-2 text-sm"
    >
      <span className="font-medium">{done ? t("finished") : t("inProgress")}</span>
      <div
        role="progressbar"
        aria-label={t("progress")}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.processed}
        className="h-2 w-48 overflow-hidden rounded-full bg-sky-100"
      >
        <div className="h-full bg-sky-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <span role="status" className="tabular-nums">
        {t("processed", { processed: progress.processed, total: progress.total })}
        {progress.failed ? ` · ${t("failedCount", { count: progress.failed })}` : ""}
        {progress.error ? ` · ${progress.error}` : ""}
      </span>
      {done ? (
        <Button size="sm" variant="ghost" onClick={() => void setJobId(null)}>
          {t("dismiss")}
        </Button>
      ) : null}
    </section>
  );
}
