// The embedded runner fires cron-triggered jobs from the same expression Inngest is given
// (inngest/registry.ts), so the next run is computed here rather than approximated by an
// interval. Supported: five fields (minute hour day-of-month month day-of-week) made of
// `*`, numbers, ranges `a-b`, steps `*/n` and `a-b/n`, and lists of those; an optional
// `TZ=UTC` prefix. Inngest reads an expression without TZ as UTC, and so does this.
// Anything else (names, `?`, `L`, `W`, `#`, other time zones) is refused when the job is
// registered, rather than run at a time Inngest would not.

export type CronSchedule = {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  daysOfWeek: ReadonlySet<number>;
  /** Cron's rule: with both day fields restricted (not starting with `*`), either one matching runs. */
  eitherDay: boolean;
};

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 7 },
] as const;

const TIME_ZONE_PREFIX = /^(?:CRON_)?TZ=(\S+)\s+/;
const MINUTE_MS = 60_000;
/** A schedule that has not matched within this many steps never will (e.g. 30 February). */
const MAX_STEPS = 5_000;

export function parseCron(expression: string): CronSchedule {
  const zone = TIME_ZONE_PREFIX.exec(expression)?.[1];
  if (zone !== undefined && zone !== "UTC" && zone !== "Etc/UTC") {
    throw new Error(`cron "${expression}": only UTC is supported by the embedded runner`);
  }
  const fields = expression.replace(TIME_ZONE_PREFIX, "").trim().split(/\s+/);
  if (fields.length !== FIELDS.length) throw new Error(`cron "${expression}": expected 5 fields, got ${fields.length}`);
  const [minutes, hours, daysOfMonth, months, weekdays] = fields.map((field, index) => parseField(expression, field, FIELDS[index]!));
  // 7 is Sunday as well as 0.
  const daysOfWeek = new Set([...weekdays!].map((day) => day % 7));
  return {
    minutes: minutes!,
    hours: hours!,
    daysOfMonth: daysOfMonth!,
    months: months!,
    daysOfWeek,
    eitherDay: !fields[2]!.startsWith("*") && !fields[4]!.startsWith("*"),
  };
}

/** The first minute strictly after `after` that the schedule matches. */
export function nextCronTime(schedule: CronSchedule, after: Date): Date {
  const time = new Date(Math.floor(after.getTime() / MINUTE_MS) * MINUTE_MS + MINUTE_MS);
  for (let step = 0; step < MAX_STEPS; step++) {
    if (!schedule.months.has(time.getUTCMonth() + 1)) {
      time.setUTCMonth(time.getUTCMonth() + 1, 1);
      time.setUTCHours(0, 0);
    } else if (!matchesDay(schedule, time)) {
      time.setUTCDate(time.getUTCDate() + 1);
      time.setUTCHours(0, 0);
    } else if (!schedule.hours.has(time.getUTCHours())) {
      time.setUTCHours(time.getUTCHours() + 1, 0);
    } else if (!schedule.minutes.has(time.getUTCMinutes())) {
      time.setUTCMinutes(time.getUTCMinutes() + 1);
    } else {
      return time;
    }
  }
  throw new Error("cron schedule never matches");
}

function matchesDay(schedule: CronSchedule, time: Date): boolean {
  const dayOfMonth = schedule.daysOfMonth.has(time.getUTCDate());
  const dayOfWeek = schedule.daysOfWeek.has(time.getUTCDay());
  return schedule.eitherDay ? dayOfMonth || dayOfWeek : dayOfMonth && dayOfWeek;
}

function parseField(expression: string, field: string, { name, min, max }: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of field.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron "${expression}": unsupported ${name} "${part}"`);
    const [, range, first, last, every] = match;
    const from = range === "*" ? min : Number(first);
    // `5/10` means from 5 to the end, every 10, as in Vixie cron.
    const to = range === "*" || (last === undefined && every !== undefined) ? max : Number(last ?? first);
    const step = every === undefined ? 1 : Number(every);
    if (from < min || to > max || from > to || step < 1) throw new Error(`cron "${expression}": ${name} "${part}" is out of range`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}
