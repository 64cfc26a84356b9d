import "server-only";
import { getLocale } from "next-intl/server";
import { formatBytes, formatDateTime, formatNumber } from "@/lib/format";

/** lib/format.ts in the request's staff language, for async server components. */
export async function getFormats() {
  const locale = await getLocale();
  return {
    locale,
    dateTime: (date: Date, options?: { seconds?: boolean }) => formatDateTime(date, locale, options),
    number: (value: number) => formatNumber(value, locale),
    bytes: (value: number) => formatBytes(value, locale),
  };
}
