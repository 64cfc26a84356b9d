"use client";

import { FileArchive, FileSpreadsheet, X } from "lucide-react";
import { Button } from "@/components/ui/button";
import { formatBytes } from "@/lib/format";
import { formatRowCount } from "@/lib/row-count";
import { FIRST_PAGE, serializeCommunicationsSearchParams } from "./search-params";
import { useCommunicationsParams } from "./use-communications-params";
import { type DownloadProgress, useDownload } from "./use-download";
import { WithTotal } from "./view-counts";

/**
 * ZIP (documents, rendered messages, manifest = proof of what was sent) and CSV of the
 * current view: the selected rows, or everything matching the search and filters.
 */
export function DownloadActions({ selectedIds }: { selectedIds: string[] | null }) {
  const { params } = useCommunicationsParams();
  const download = useDownload();
  const url = (route: "zip" | "csv") => {
    const path = serializeCommunicationsSearchParams(`/api/downloads/${route}`, { ...params, ...FIRST_PAGE, open: null });
    return selectedIds ? `${path}${path.includes("?") ? "&" : "?"}ids=${selectedIds.join(",")}` : path;
  };
  const scope = selectedIds ? (
    `${selectedIds.length.toLocaleString("en")} ${selectedIds.length === 1 ? "row" : "rows"}`
  ) : (
    <>
      all <WithTotal width="w-8">{formatRowCount}</WithTotal> matching
    </>
  );
  const busy = download.progress !== null;

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        size="sm"
        disabled={busy}
        onClick={() => download.start(url("zip"), "ZIP download")}
        title="Documents, messages as sent, manifest with SHA-256 hashes"
      >
        <FileArchive className="size-4" aria-hidden /> Download ZIP <span className="font-normal text-slate-500">({scope})</span>
      </Button>
      <Button size="sm" disabled={busy} onClick={() => download.start(url("csv"), "CSV export")}>
        <FileSpreadsheet className="size-4" aria-hidden /> Export CSV
      </Button>
      {download.progress ? <ProgressPanel progress={download.progress} onCancel={download.cancel} /> : null}
    </div>
  );
}

/** Progress of a running download (bytes, share of the estimate) with a cancel button. */
export function ProgressPanel({ progress, onCancel }: { progress: DownloadProgress; onCancel: () => void }) {
  const share = progress.estimated ? Math.min(99, Math.round((progress.received / progress.estimated) * 100)) : undefined;
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 rounded-md border border-slate-200 bg-white px-2 py-1 text-sm">
      <span>
        {progress.label}: {progress.received === 0 ? "preparing…" : formatBytes(progress.received)}
        {progress.estimated && progress.received > 0 ? ` of at most ~${formatBytes(progress.estimated)}` : ""}
      </span>
      <progress aria-label={`${progress.label} progress`} className="h-2 w-28" max={100} value={share} />
      <Button size="sm" variant="ghost" onClick={onCancel}>
        <X className="size-4" aria-hidden /> Cancel
      </Button>
    </div>
  );
}
