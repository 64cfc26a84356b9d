import { SENDER } from "./sender";

// Amounts and dates as the customer reads them. Intl does the per-locale work; the template
// locale is "en", "fr" or "nl", so any other customer language falls back to English.

export const TEMPLATE_LOCALES = ["en", "fr", "nl"] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

// en-GB rather than en-US: day-month-year dates for a European sender; nl-BE for Flemish
// customers (the same dates and amounts as nl-NL: "15 januari 2026", "€ 1.234,56").
const INTL_LOCALE: Record<TemplateLocale, string> = { en: "en-GB", fr: "fr-FR", nl: "nl-BE" };

/** "fr", "fr-FR", "FR_be" → fr; "nl", "nl-BE" → nl; anything else (or empty) → en. */
export function resolveTemplateLocale(locale: string): TemplateLocale {
  const language = locale.trim().slice(0, 2).toLowerCase();
  return language === "fr" || language === "nl" ? language : "en";
}

// The language a customer is written to when nobody said: the country's language of
// business. Belgium is asked for Dutch, its majority language (set the customer's
// language when a Brussels or Walloon customer reads French); Luxembourg and Monaco
// correspond in French; everywhere else in English.
const COUNTRY_LANGUAGES: Record<string, TemplateLocale> = { FR: "fr", LU: "fr", MC: "fr", NL: "nl", BE: "nl" };

/** The default language of a customer in `country` (ISO 3166 alpha-2): FR → fr, NL → nl, DE → en. */
export function customerLanguageForCountry(country: string | null | undefined): TemplateLocale {
  return COUNTRY_LANGUAGES[(country ?? "").trim().toUpperCase()] ?? "en";
}

/** Digits after the decimal point of a currency (EUR 2, JPY 0, BHD 3): "cents" are its minor unit. */
export function minorUnitDigits(currency: string): number {
  return (
    cached(`digits:${currency}`, () => new Intl.NumberFormat("en", { style: "currency", currency })).resolvedOptions()
      .maximumFractionDigits ?? 2
  );
}

/** The decimal string of an amount in minor units, as UBL wants it ("1234.50"). */
export function toDecimal(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = String(Math.abs(minor)).padStart(digits + 1, "0");
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** en "€1,234.56", fr "1 234,56 €" (narrow no-break spaces, as Intl writes them), nl "€ 1.234,56". */
export function formatMoney(minor: number, currency: string, locale: TemplateLocale): string {
  const digits = minorUnitDigits(currency);
  return cached(`money:${locale}:${currency}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { style: "currency", currency })).format(
    minor / 10 ** digits,
  );
}

/** A date-only value ("2026-01-15") or a timestamp, as a long date: "15 January 2026", "15 janvier 2026", "15 januari 2026". */
export function formatDate(value: string | Date, locale: TemplateLocale): string {
  const dateOnly = typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value);
  const date = typeof value === "string" ? new Date(dateOnly ? `${value}T00:00:00Z` : value) : value;
  return cached(
    `date:${locale}:${dateOnly}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { dateStyle: "long", timeZone: dateOnly ? "UTC" : SENDER.timeZone }),
  ).format(date);
}

/** "2026-01" → "January 2026" / "janvier 2026" / "januari 2026". */
export function formatMonth(period: string, locale: TemplateLocale): string {
  const date = new Date(`${period}-01T00:00:00Z`);
  return cached(
    `month:${locale}`,
    () => new Intl.DateTimeFormat(INTL_LOCALE[locale], { month: "long", year: "numeric", timeZone: "UTC" }),
  ).format(date);
}

/** The sender's calendar day of a timestamp, as ISO "YYYY-MM-DD" (UBL dates). */
export function isoDay(date: Date): string {
  return cached("iso-day", () => new Intl.DateTimeFormat("en-CA", { timeZone: SENDER.timeZone })).format(date);
}

export function formatPercent(rate: number, locale: TemplateLocale): string {
  return `${cached(`percent:${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 2 })).format(rate)} %`;
}

export function formatQuantity(quantity: number, locale: TemplateLocale): string {
  return cached(`quantity:${locale}`, () => new Intl.NumberFormat(INTL_LOCALE[locale], { maximumFractionDigits: 3 })).format(quantity);
}

const formats = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

// Building an Intl formatter costs far more than formatting with it: keep one per shape.
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => F): F {
  let format = formats.get(key) as F | undefined;
  if (!format) {
    format = create();
    formats.set(key, format);
  }
  return format;
}
