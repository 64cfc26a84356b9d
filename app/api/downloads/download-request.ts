import { createTranslator } from "next-intl";
import { z } from "zod";
import { loadCommunicationsSearchParams, serializeCommunicationsSearchParams } from "@/app/(staff)/communications/search-params";
import type { Staff } from "@/lib/auth/staff-session";
import { DownloadRefusal } from "@/lib/documents/download-limits";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { formatBytes, formatNumber } from "@/lib/format";
import { catalogue } from "@/lib/i18n/catalogue";
import { configuredDefaultLocale, resolveStaffLocale } from "@/lib/i18n/locales";
import { fileStamp } from "@/lib/time-zone";
import { toFilters } from "@/lib/filters/communication-filters";

// A download URL carries the page's own search parameters plus an optional `ids`
// selection, so a download holds exactly the rows the tab shows — or the selected ones
// among them. It reads the page's URL keys on purpose: the page writes these links
// (download-actions.tsx) and a staff session follows them; it is not the platform API,
// whose parameter names are fixed in lib/platform-api/list-query.ts.
const idsSchema = z
  .string()
  .transform((value) => value.split(",").filter(Boolean))
  .pipe(z.array(z.uuid()).min(1).max(1000));

export function parseDownloadRequest(request: Request) {
  const url = new URL(request.url);
  const params = loadCommunicationsSearchParams(url.searchParams);
  const rawIds = url.searchParams.get("ids");
  const ids = rawIds === null ? undefined : idsSchema.safeParse(rawIds);
  if (ids && !ids.success) {
    throw new HeraldError(
      400,
      "invalid_selection",
      "ids must be 1 to 1,000 comma-separated row ids — select the rows again, or clear the selection to download everything matching",
    );
  }
  const filters = { ...toFilters(params), ids: ids?.data };
  const view = serializeCommunicationsSearchParams({ ...params, cursor: null, open: null }) || "no filters";
  const what = params.tab === "log" ? "the Communication log tab" : "the Communication tab";
  const description = `${what}, ${ids?.data ? `${ids.data.length} selected row(s)` : "everything matching"} (${view})`;
  return { tab: params.tab, filters, direction: params.sort === "oldest" ? ("asc" as const) : ("desc" as const), description };
}

/**
 * A refused download as JSON, its message in the staff member's language: the page shows it
 * in the toast as is. Access errors (401, 403) and anything unexpected answer as everywhere.
 */
export function downloadErrorResponse(error: unknown, request: Request, staff: Staff | null): Response {
  if (!(error instanceof HeraldError) || error.status === 401 || error.status === 403) return toErrorResponse(error);
  const locale = resolveStaffLocale({
    account: staff?.locale,
    acceptLanguage: request.headers.get("accept-language"),
    configured: configuredDefaultLocale(),
  });
  const t = createTranslator({ locale, messages: catalogue(locale), namespace: "downloads.refusal" });
  const number = (value = 0) => formatNumber(value, locale);
  const bytes = (value = 0) => formatBytes(value, locale);
  let message = error.message;
  if (error instanceof DownloadRefusal) {
    const { values } = error;
    if (error.code === "nothing_to_download") message = t("nothing");
    if (error.code === "download_too_large")
      message = t("zipTooLarge", { bytes: bytes(values.bytes), attempts: number(values.attempts), limit: bytes(values.limit) });
    if (error.code === "export_too_large") message = t("csvTooLarge", { rows: number(values.rows), limit: number(values.limit) });
  } else if (error.code === "invalid_selection") message = t("invalidSelection");
  return Response.json({ error: { code: error.code, message } }, { status: error.status });
}

export function downloadFilename(tab: string, extension: string, at = new Date()): string {
  return `herald-${tab === "log" ? "communication-log" : "communications"}-${fileStamp(at)}.${extension}`;
}
