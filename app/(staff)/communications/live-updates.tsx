"use client";

import type { Route } from "next";
import { RefreshCw } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState, useTransition } from "react";
import { z } from "zod";
import { useFormats } from "@/app/i18n/use-formats";

const POLL_MS = 3_000;
const changesSchema = z.object({ version: z.string().nullable() });

/**
 * Keeps the open page current: polls a one-row probe while the tab is visible and
 * re-renders the server components (filters, selection and scroll stay) when a status
 * changed — a webhook arrived, a send finished, a colleague ignored a row.
 */
export function LiveUpdates({ version }: { version: string | null }) {
  const t = useTranslations("live");
  const format = useFormats();
  const router = useRouter();
  const known = useRef(version);
  const [isRefreshing, startTransition] = useTransition();
  const [updatedAt, setUpdatedAt] = useState<Date | null>(null);
  const [offline, setOffline] = useState(false);

  useEffect(() => {
    known.current = version;
  }, [version]);

  useEffect(() => {
    let stopped = false;
    const poll = async () => {
      if (document.visibilityState !== "visible") return;
      try {
        const response = await fetch("/api/communications/changes", { cache: "no-store" });
        // The session expired or was revoked: sign in again and come back here.
        if (response.status === 401) {
          router.replace(`/sign-in?returnTo=${encodeURIComponent(window.location.pathname + window.location.search)}` as Route);
          return;
        }
        const parsed = changesSchema.safeParse(await response.json());
        if (stopped) return;
        setOffline(!response.ok || !parsed.success);
        if (parsed.success && parsed.data.version !== known.current) {
          known.current = parsed.data.version;
          startTransition(() => router.refresh());
          setUpdatedAt(new Date());
        }
      } catch {
        if (!stopped) setOffline(true);
      }
    };
    const timer = setInterval(poll, POLL_MS);
    document.addEventListener("visibilitychange", poll);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener("visibilitychange", poll);
    };
  }, [router]);

  return (
    <p role="status" aria-live="polite" className="inline-flex items-center gap-1.5 text-xs text-slate-500">
      <RefreshCw className={isRefreshing ? "size-3.5 animate-spin" : "size-3.5"} aria-hidden />
      {offline ? t("offline") : updatedAt ? t("updated", { time: format.time(updatedAt) }) : t("live")}
    </p>
  );
}
