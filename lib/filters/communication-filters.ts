import { type inferParserType, parseAsArrayOf, parseAsBoolean, parseAsIsoDate, parseAsString, parseAsStringLiteral } from "nuqs/server";
import { z } from "zod";
import type { CommunicationFilters } from "@/db/queries/filters";
import { categoryEnum } from "@/db/schema/enums";
import { text } from "@/lib/safe-text";
import { ATTEMPT_STATUSES, CHANNELS, QUICK_FILTER_KEYS, QUICK_FILTERS } from "@/lib/status";
import { addDays, calendarDate, startOfDayIn } from "@/lib/time-zone";

// The filters of the Communications list, defined once. Each field gives two readings of
// the same query-string value: a nuqs parser for the staff page's URL (lenient: a stale
// link falls back to the default) and a zod schema for the platform API (strict: a wrong
// value is a 400 naming it). The field keys are names in code only; the page picks its URL
// keys in app/(staff)/communications/search-params.ts and the API its documented parameter
// names in lib/platform-api/list-query.ts, so renaming one never renames the other.

const SORT_ORDERS = ["newest", "oldest"] as const;
const MAX_SEARCH = 200;

type Values<L extends string> = readonly [L, ...L[]];

const oneOf = <const L extends string>(values: Values<L>, fallback: NoInfer<L>) => ({
  parser: parseAsStringLiteral(values).withDefault(fallback),
  schema: z.enum(values).default(fallback),
});

// On the wire a comma-separated list (`channel=email,sms`), as nuqs writes arrays; the
// API splits it before the schema reads it (lib/platform-api/list-query.ts).
const manyOf = <const L extends string>(values: Values<L>) => ({
  parser: parseAsArrayOf(parseAsStringLiteral(values)).withDefault([]),
  schema: z.array(z.enum(values)).default([]),
});

// A calendar day (YYYY-MM-DD), read as UTC midnight like nuqs' parseAsIsoDate.
const day = () => ({
  parser: parseAsIsoDate,
  schema: z.iso
    .date()
    .transform((value) => new Date(value))
    .optional(),
});

const flag = () => ({
  parser: parseAsBoolean.withDefault(false),
  schema: z
    .enum(["true", "false"])
    .transform((value) => value === "true")
    .default(false),
});

export const communicationFilterFields = {
  search: { parser: parseAsString.withDefault(""), schema: text().max(MAX_SEARCH).default("") },
  quick: oneOf(QUICK_FILTER_KEYS, "all"),
  channels: manyOf(CHANNELS),
  categories: manyOf(categoryEnum.enumValues),
  statuses: manyOf(ATTEMPT_STATUSES),
  from: day(),
  to: day(),
  customer: { parser: parseAsString, schema: z.guid().optional() },
  location: { parser: parseAsString, schema: text().max(100).optional() },
  ignored: flag(),
};

/** The list's order: not a filter (changing it keeps the selection of rows). */
export const sortField = oneOf(SORT_ORDERS, "newest");

type Fields = typeof communicationFilterFields;

export const communicationFilterParsers = Object.fromEntries(
  Object.entries(communicationFilterFields).map(([key, field]) => [key, field.parser]),
) as { [K in keyof Fields]: Fields[K]["parser"] };

export type CommunicationFilterValues = inferParserType<typeof communicationFilterParsers>;

/** The keys that change which rows match; changing any of them restarts at page one. */
export const FILTER_KEYS = Object.keys(communicationFilterFields) as (keyof Fields)[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Filter values → query filters. Quick filter and fine-grained status intersect. */
export function toFilters(values: CommunicationFilterValues): CommunicationFilters {
  const quick = QUICK_FILTERS[values.quick].statuses;
  const statuses =
    values.statuses.length > 0
      ? values.statuses.filter((status) => quick.includes(status))
      : values.quick === "all"
        ? undefined
        : [...quick];
  return {
    // The page reads its URL leniently: a NUL (which Postgres cannot take) is dropped, not a 500.
    search: withoutNul(values.search).slice(0, MAX_SEARCH) || undefined,
    statuses,
    statusChoice: values.statuses.length ? values.statuses : undefined,
    channels: values.channels.length ? values.channels : undefined,
    categories: values.categories.length ? values.categories : undefined,
    // Calendar days in the staff's time zone (lib/time-zone.ts): from the start of `from` to
    // the last millisecond of `to`.
    from: values.from ? startOfDayIn(calendarDate(values.from)) : undefined,
    to: values.to ? new Date(startOfDayIn(addDays(calendarDate(values.to), 1)).getTime() - 1) : undefined,
    customerId: values.customer && UUID.test(values.customer) ? values.customer : undefined,
    locationGroup: values.location == null ? undefined : withoutNul(values.location),
    showIgnored: values.ignored,
  };
}

const withoutNul = (value: string) => value.replaceAll("\u0000", "");

export function hasActiveFilters(values: CommunicationFilterValues): boolean {
  return FILTER_KEYS.some((key) => {
    const value = values[key];
    return Array.isArray(value) ? value.length > 0 : key === "quick" ? value !== "all" : Boolean(value);
  });
}
