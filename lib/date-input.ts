import { INTL_LOCALES, type StaffLocale } from "./i18n/locales";
import { type CalendarDate, dateOnly } from "./time-zone";

// What staff type into the "Sent from" / "Sent until" fields and what those fields show.
// Days are written day first in every staff language (lib/format.ts), so a typed 03/04/2026
// is 3 April, never 4 March; the ISO form stays accepted because it is what the URL carries
// (`from=2026-11-20`) and what the browser suite types. Month names are read in English and
// in the staff member's language ("20 déc. 2026", "20 dec 2026"). Only the field's text is
// localised: the value is always a CalendarDate (lib/time-zone.ts).

const shown = new Map<StaffLocale, Intl.DateTimeFormat>();

/** A day as the fields show it: "20 Nov 2026", "20 nov 2026", "20 nov. 2026". */
export function formatDay(date: CalendarDate, locale: StaffLocale = "en"): string {
  let format = shown.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(INTL_LOCALES[locale], { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
    shown.set(locale, format);
  }
  return format.format(dateOnly(date));
}

// Case, accents and a trailing full stop do not matter: "Déc." reads as "dec".
const fold = (word: string) => word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\.$/, "");

const monthNames = new Map<StaffLocale, { long: string; short: string }[]>();

// The twelve months' long and short names in a language, folded.
function monthsOf(locale: StaffLocale): { long: string; short: string }[] {
  let months = monthNames.get(locale);
  if (!months) {
    const name = (month: "long" | "short", index: number) =>
      fold(new Intl.DateTimeFormat(INTL_LOCALES[locale], { month, timeZone: "UTC" }).format(Date.UTC(2026, index, 15)));
    months = Array.from({ length: 12 }, (_, index) => ({ long: name("long", index), short: name("short", index) }));
    monthNames.set(locale, months);
  }
  return months;
}

// A month named in English or in `locale`: its short or long name, or three letters or more
// of its long name ("Nov", "November", en-GB's own "Sept", "déc.", "januari"). A start two
// months share ("jui": juin, juillet) names none.
function monthNumber(word: string, locale: StaffLocale): number | null {
  const typed = fold(word);
  const found = new Set<number>();
  for (const language of new Set<StaffLocale>(["en", locale])) {
    monthsOf(language).forEach(({ long, short }, index) => {
      if (typed === long || typed === short || (typed.length >= 3 && long.startsWith(typed))) found.add(index + 1);
    });
  }
  return found.size === 1 ? [...found][0]! : null;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th|e|er)?\.?\s+(\p{L}+)\.?,?\s+(\d{4})$/iu;
const MONTH_NAME_FIRST = /^(\p{L}+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/iu;

/**
 * The day a typed text names, or null when it is not a real date. Accepted: 2026-11-20,
 * 20/11/2026 (also 20.11.2026, 20-11-2026), 20 Nov 2026, 20 November 2026, Nov 20, 2026, and
 * the month names of `locale` (20 déc. 2026, 1er décembre 2026, 20 dec 2026).
 */
export function parseTypedDate(text: string, locale: StaffLocale = "en"): CalendarDate | null {
  const value = text.trim();
  let parts: [number, number | null, number] | null = null;
  let match: RegExpMatchArray | null;
  if ((match = value.match(ISO))) parts = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = value.match(DAY_FIRST))) parts = [Number(match[3]), Number(match[2]), Number(match[1])];
  else if ((match = value.match(DAY_MONTH_NAME))) parts = [Number(match[3]), monthNumber(match[2]!, locale), Number(match[1])];
  else if ((match = value.match(MONTH_NAME_FIRST))) parts = [Number(match[3]), monthNumber(match[1]!, locale), Number(match[2])];
  if (!parts) return null;
  const [year, month, day] = parts;
  if (month === null || year < 1000) return null;
  // Date.UTC rolls 31/02 over to 3 March: a day that does not come back unchanged does not exist.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/**
 * Whether a text being typed is finished enough to apply before Enter or leaving the field:
 * it ends with a four-digit year, or is a full ISO date. "2026-11-2" is a real day but
 * probably the start of "2026-11-20", so it waits.
 */
export function typedDateLooksComplete(text: string): boolean {
  const value = text.trim();
  return /^\d{4}-\d{2}-\d{2}$/.test(value) || (!ISO.test(value) && /\D\d{4}$/.test(value));
}
