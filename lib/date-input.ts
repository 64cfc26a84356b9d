import { type CalendarDate, dateOnly } from "./time-zone";

// What staff type into the "Sent from" / "Sent until" fields and what those fields show.
// Staff read dates in en-GB (lib/format.ts), so a typed 03/04/2026 is 3 April, never
// 4 March; the ISO form stays accepted because it is what the URL carries (`from=2026-11-20`)
// and what the browser suite types. Only the field's text is localised: the value is always
// a CalendarDate (lib/time-zone.ts).

const shown = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** A day as the fields show it: "20 Nov 2026". */
export function formatDay(date: CalendarDate): string {
  return shown.format(dateOnly(date));
}

const MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];

// "Nov", "November", "Sept" (en-GB's own short form since ICU 72): three letters or more
// of the month's English name.
function monthNumber(word: string): number | null {
  const name = word.toLowerCase();
  const index = name.length >= 3 ? MONTHS.findIndex((month) => month.startsWith(name)) : -1;
  return index < 0 ? null : index + 1;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
const DAY_MONTH_NAME = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$/i;
const MONTH_NAME_FIRST = /^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;

/**
 * The day a typed text names, or null when it is not a real date. Accepted: 2026-11-20,
 * 20/11/2026 (also 20.11.2026, 20-11-2026), 20 Nov 2026, 20 November 2026, Nov 20, 2026.
 */
export function parseTypedDate(text: string): CalendarDate | null {
  const value = text.trim();
  let parts: [number, number | null, number] | null = null;
  let match: RegExpMatchArray | null;
  if ((match = value.match(ISO))) parts = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = value.match(DAY_FIRST))) parts = [Number(match[3]), Number(match[2]), Number(match[1])];
  else if ((match = value.match(DAY_MONTH_NAME))) parts = [Number(match[3]), monthNumber(match[2]!), Number(match[1])];
  else if ((match = value.match(MONTH_NAME_FIRST))) parts = [Number(match[3]), monthNumber(match[1]!), Number(match[2])];
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
