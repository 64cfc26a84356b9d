"use client";

import { FileArchive, FileSpreadsheet, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { useFormats } from "@/app/i18n/use-formats";
import { FIRST_PAGE, serializeCommunicationsSearchParams } from "./search-params";
import { useCommunicationsParams } from "./use-communications-params";
import { type DownloadProgress, useDownload } from "./use-download";
import { WithTotal } from "./view-counts";

/**
 * ZIP (documents, rendered messages, manifest = proof of what was sent) and CSV of the
 * current view: the selected rows, or everything matching the search and filters.
 */
export function DownloadActions({ selectedIds }: { selectedIds: string[] | null }) {
  const t = useTranslations("downloads");
  const { params } = useCommunicationsParams();
  const download = useDownload();
  const url = (route: "zip" | "csv") => {
    const path = serializeCommunicationsSearchParams(`/api/downloads/${route}`, { ...params, ...FIRST_PAGE, open: null });
    return selectedIds ? `${path}${path.includes("?") ? "&" : "?"}ids=${selectedIds.join(",")}` : path;
  };
  // Everything matching: the view's total, which arrives after the rows.
  const scope = selectedIds ? (
    t("scopeRows", { count: selectedIds.length })
  ) : (
    <WithTotal width="w-20">
      {(total) => (total.exact ? t("scopeAll", { count: total.value }) : t("scopeAllAtLeast", { count: total.value }))}
    </WithTotal>
  );
  const busy = download.progress !== null;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" disabled={busy} onClick={() => download.start(url("zip"), t("zipLabel"))} title={t("zipHint")}>
        <FileArchive className="size-4" aria-hidden /> {t("zip")} <span className="font-normal text-slate-500">({scope})</span>
      </Button>
      <Button size="sm" disabled={busy} onClick={() => download.start(url("csv"), t("csvLabel"))}>
        <FileSpreadsheet className="size-4" aria-hidden /> {t("csv")}
      </Button>
      {download.progress ? <ProgressPanel progress={download.progress} onCancel={download.cancel} /> : null}
    </div>
  );
}

/** Progress of a running download (bytes, share of the estimate) with a cancel button. */
export function ProgressPanel({ progress, onCancel }: { progress: DownloadProgress; onCancel: () => void }) {
  const t = useTranslations("downloads");
  const format = useFormats();
  const share = progress.estimated ? Math.min(99, Math.round((progress.received / progress.estimated) * 100)) : undefined;
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1 text-sm">
      <span>
        {progress.received === 0
          ? t("preparing", { label: progress.label })
          : progress.estimated
            ? t("receivedOf", {
                label: progress.label,
                received: format.bytes(progress.received),
                estimated: format.bytes(progress.estimated),
              })
            : t("received", { label: progress.label, received: format.bytes(progress.received) })}
      </span>
      <progress aria-label={t("progress", { label: progress.label })} className="h-2 w-28" max={100} value={share} />
      <Button size="sm" variant="ghost" onClick={onCancel}>
        <X className="size-4" aria-hidden /> {t("cancel")}
      </Button>
    </div>
  );
}
