// The staff's time zone (HERALD_TIME_ZONE, default Europe/Paris): what "today", "last
// month", a custom date range, the live stamp and download file names mean. A calendar
// date in the URL (`from=2026-12-01`) is a day in this zone, so the same link gives the
// same rows in any browser. next.config.ts inlines the variable, so the server and the
// browser agree; it and `npm start` refuse an unknown zone at start with a message
// naming it (a misspelt zone would otherwise be a RangeError on the first date shown).

export const DEFAULT_TIME_ZONE = "Europe/Paris";

export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function timeZoneProblem(name: string | undefined): string | null {
  if (!name || isTimeZone(name)) return null;
  return `HERALD_TIME_ZONE "${name}" is not a time zone: use an IANA name such as Europe/Paris, Europe/Brussels or America/New_York`;
}

/** The configured zone; an invalid one falls back to the default (start-up has already refused it). */
export function staffTimeZone(): string {
  const configured = process.env.HERALD_TIME_ZONE;
  return configured && isTimeZone(configured) ? configured : DEFAULT_TIME_ZONE;
}

/** A calendar day: `YYYY-MM-DD`. */
export type CalendarDate = string;

const partsFormats = new Map<string, Intl.DateTimeFormat>();

function zonedParts(at: Date, timeZone: string) {
  let format = partsFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** The calendar day `at` falls on in `timeZone`. */
export function calendarDateIn(at: Date, timeZone = staffTimeZone()): CalendarDate {
  const { year, month, day } = zonedParts(at, timeZone);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The day a date-only value stands for (the URL's `from=2026-12-01` parses to UTC midnight). */
export function calendarDate(dateOnly: Date): CalendarDate {
  return dateOnly.toISOString().slice(0, 10);
}

/** The date-only value of a day, as the URL parsers give it. */
export function dateOnly(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

/** Adds whole days to a calendar date (no time zone involved). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** First day of the month `months` away from `date`'s month. */
export function startOfMonth(date: CalendarDate, months = 0): CalendarDate {
  const [year, month] = date.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

/** The instant a calendar day starts in `timeZone` (DST-aware: offsets are read, not assumed). */
export function startOfDayIn(date: CalendarDate, timeZone = staffTimeZone()): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const wallClock = Date.UTC(year, month - 1, day);
  let instant = wallClock - offsetAt(new Date(wallClock), timeZone);
  // The offset at the guess may differ from the offset at the answer across a DST change.
  instant = wallClock - offsetAt(new Date(instant), timeZone);
  return new Date(instant);
}

/** The days a "sent between" preset covers on `now`'s day in the staff's zone; null for any time. */
export function datePresetRange(preset: string, now: Date, timeZone = staffTimeZone()): { from: CalendarDate; to: CalendarDate } | null {
  const today = calendarDateIn(now, timeZone);
  switch (preset) {
    case "today":
      return { from: today, to: today };
    case "7d":
      return { from: addDays(today, -6), to: today };
    case "30d":
      return { from: addDays(today, -29), to: today };
    case "this-month":
      return { from: startOfMonth(today), to: today };
    case "last-month":
      return { from: startOfMonth(today, -1), to: addDays(startOfMonth(today), -1) };
    default:
      return null;
  }
}

/** File-name stamp in the staff's zone: `2026-12-01T00-30-05`. */
export function fileStamp(at: Date, timeZone = staffTimeZone()): string {
  const { hour, minute, second } = zonedParts(at, timeZone);
  const time = [hour, minute, second].map((n) => String(n).padStart(2, "0")).join("-");
  return `${calendarDateIn(at, timeZone)}T${time}`;
}

// Milliseconds the zone's wall clock is ahead of UTC at `at`.
function offsetAt(at: Date, timeZone: string): number {
  const { year, month, day, hour, minute, second } = zonedParts(at, timeZone);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}
