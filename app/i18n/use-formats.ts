import { useLocale } from "next-intl";
import { formatBytes, formatDateTime, formatNumber, formatTime } from "@/lib/format";

/** lib/format.ts in the current staff language, for client and synchronous server components. */
export function useFormats() {
  const locale = useLocale();
  return {
    locale,
    dateTime: (date: Date, options?: { seconds?: boolean }) => formatDateTime(date, locale, options),
    time: (date: Date) => formatTime(date, locale),
    number: (value: number) => formatNumber(value, locale),
    bytes: (value: number) => formatBytes(value, locale),
  };
}
