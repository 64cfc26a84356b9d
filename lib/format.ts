import { INTL_LOCALES, type StaffLocale } from "./i18n/locales";
import { staffTimeZone } from "./time-zone";

// Dates, numbers and sizes shown to staff, in their language (lib/i18n/locales.ts) and in the
// installation's time zone (lib/time-zone.ts; inlined at build by next.config.ts so server
// and browser render the same text). Code outside the staff UI (API messages, reasons
// stored in the log) leaves the locale out and gets English.
const timeZone = staffTimeZone();

const formats = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

// Building an Intl formatter costs far more than formatting with it: one per shape and locale.
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, create: () => F): F {
  let format = formats.get(key) as F | undefined;
  if (!format) {
    format = create();
    formats.set(key, format);
  }
  return format;
}

/** "1 Dec 2026, 10:30" · "1 dec 2026, 10:30" · "1 déc. 2026, 10:30" (seconds on request). */
export function formatDateTime(date: Date, locale: StaffLocale = "en", { seconds = false } = {}): string {
  return cached(
    `datetime:${locale}:${seconds}`,
    () => new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: "medium", timeStyle: seconds ? "medium" : "short", timeZone }),
  ).format(date);
}

/** "1 Dec 2026" · "1 dec 2026" · "1 déc. 2026". */
export function formatDate(value: Date, locale: StaffLocale = "en"): string {
  return cached(`date:${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALES[locale], { dateStyle: "medium", timeZone })).format(value);
}

/** The clock time of the live stamp: "10:30:05". */
export function formatTime(value: Date, locale: StaffLocale = "en"): string {
  return cached(`time:${locale}`, () => new Intl.DateTimeFormat(INTL_LOCALES[locale], { timeStyle: "medium", timeZone })).format(value);
}

/** "4,939" · "4.939" · "4 939". */
export function formatNumber(value: number, locale: StaffLocale = "en"): string {
  return cached(`number:${locale}`, () => new Intl.NumberFormat(INTL_LOCALES[locale])).format(value);
}

// French writes octets: "1,5 Mo".
const BYTE_UNITS: Record<StaffLocale, [string, string, string]> = { en: ["B", "KB", "MB"], nl: ["B", "KB", "MB"], fr: ["o", "Ko", "Mo"] };

/** "512 B", "1.5 KB", "3.2 MB" (French: "1,5 Ko"). */
export function formatBytes(bytes: number, locale: StaffLocale = "en"): string {
  const [b, kb, mb] = BYTE_UNITS[locale];
  const oneDecimal = (value: number) =>
    cached(
      `bytes:${locale}`,
      () => new Intl.NumberFormat(INTL_LOCALES[locale], { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false }),
    ).format(value);
  if (bytes < 1024) return `${bytes} ${b}`;
  if (bytes < 1024 * 1024) return `${oneDecimal(bytes / 1024)} ${kb}`;
  return `${oneDecimal(bytes / 1024 / 1024)} ${mb}`;
}
