"use client";

import { FileArchive } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { ProgressPanel } from "./download-actions";
import { serializeCommunicationsSearchParams } from "./search-params";
import { useDownload } from "./use-download";

/** The proof ZIP of one communication (all its attempts) or one attempt, from its detail. */
export function DetailDownload({ tab, id }: { tab: "overview" | "log"; id: string }) {
  const t = useTranslations("downloads");
  const download = useDownload();
  // `ignored` on: the detail of an ignored row is shown, so its download holds it too.
  const url = `${serializeCommunicationsSearchParams("/api/downloads/zip", { tab, ignored: true })}&ids=${id}`;
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" disabled={download.progress !== null} onClick={() => download.start(url, t("zipLabel"))}>
        <FileArchive className="size-4" aria-hidden /> {t("proof")}
      </Button>
      {download.progress ? <ProgressPanel progress={download.progress} onCancel={download.cancel} /> : null}
    </div>
  );
}
