"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { toast } from "sonner";
import { useFormats } from "@/app/i18n/use-formats";

export type DownloadProgress = { label: string; received: number; estimated: number | null };

/**
 * Fetches a download route and saves the result, with progress and cancel. A refused
 * download (too large, nothing matching) answers JSON before any byte and becomes an error
 * toast with the server's advice; the bytes are only handed to the browser's save once the
 * whole file arrived, so a cancelled or broken transfer never leaves a truncated ZIP.
 */
export function useDownload() {
  const t = useTranslations("downloads");
  const format = useFormats();
  const [progress, setProgress] = useState<DownloadProgress | null>(null);
  const controller = useRef<AbortController | null>(null);

  async function start(url: string, label: string) {
    if (controller.current) return;
    const abort = new AbortController();
    controller.current = abort;
    setProgress({ label, received: 0, estimated: null });
    try {
      const response = await fetch(url, { signal: abort.signal });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
        toast.error(t("refused", { label }), {
          description: body?.error?.message ?? t("serverAnswered", { status: response.status }),
        });
        return;
      }
      const estimated = Number(response.headers.get("x-herald-estimated-bytes")) || null;
      const reader = response.body.getReader();
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      let received = 0;
      let shownAt = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        // A render per chunk would flood React on a fast link; ten updates a second suffice.
        if (performance.now() - shownAt > 100) {
          shownAt = performance.now();
          setProgress({ label, received, estimated });
        }
      }
      const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? "herald-download";
      save(new Blob(chunks, { type: response.headers.get("content-type") ?? "application/octet-stream" }), filename);
      toast.success(t("ready", { label }), { description: `${filename} (${format.bytes(received)})` });
    } catch (error) {
      if (abort.signal.aborted) toast.info(t("cancelled", { label }));
      else
        toast.error(t("stopped", { label }), {
          description: t("stoppedAdvice", { error: error instanceof Error ? error.message : String(error) }),
        });
    } finally {
      controller.current = null;
      setProgress(null);
    }
  }

  return { progress, start, cancel: () => controller.current?.abort() };
}

function save(blob: Blob, filename: string) {
  const href = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = href;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken its copy once the click is handled; free ours a little later.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
