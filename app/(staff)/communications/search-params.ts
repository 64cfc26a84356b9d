import {
  createLoader,
  createSerializer,
  parseAsArrayOf,
  parseAsBoolean,
  parseAsIsoDate,
  parseAsString,
  parseAsStringLiteral,
} from "nuqs/server";
import { categoryEnum } from "@/db/schema/enums";
import type { CommunicationFilters } from "@/db/queries/filters";
import { ATTEMPT_STATUSES, CHANNELS, QUICK_FILTER_KEYS, QUICK_FILTERS } from "@/lib/status";

// One parser map for the whole page: the server loads it, the client filter bar writes
// it, links serialise it. Every filter, the search, sort, page and open detail live in
// the URL, so a reload, back/forward or a shared link restores the exact view.
export const TABS = ["overview", "log"] as const;
export type Tab = (typeof TABS)[number];

export const communicationsSearchParams = {
  tab: parseAsStringLiteral(TABS).withDefault("overview"),
  q: parseAsString.withDefault(""),
  quick: parseAsStringLiteral(QUICK_FILTER_KEYS).withDefault("all"),
  channel: parseAsArrayOf(parseAsStringLiteral(CHANNELS)).withDefault([]),
  category: parseAsArrayOf(parseAsStringLiteral(categoryEnum.enumValues)).withDefault([]),
  status: parseAsArrayOf(parseAsStringLiteral(ATTEMPT_STATUSES)).withDefault([]),
  from: parseAsIsoDate,
  to: parseAsIsoDate,
  customer: parseAsString,
  location: parseAsString,
  ignored: parseAsBoolean.withDefault(false),
  sort: parseAsStringLiteral(["newest", "oldest"] as const).withDefault("newest"),
  cursor: parseAsString,
  open: parseAsString,
};

export type CommunicationsSearchParams = {
  [K in keyof typeof communicationsSearchParams]: ReturnType<(typeof communicationsSearchParams)[K]["parseServerSide"]>;
};

export const loadCommunicationsSearchParams = createLoader(communicationsSearchParams);
export const serializeCommunicationsSearchParams = createSerializer(communicationsSearchParams, {
  clearOnDefault: true,
});

/** The keys that change which rows match; changing any of them restarts at page one. */
export const FILTER_KEYS = ["q", "quick", "channel", "category", "status", "from", "to", "customer", "location", "ignored"] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** URL state → query filters. Quick filter and fine-grained status intersect. */
export function toFilters(params: CommunicationsSearchParams): CommunicationFilters {
  const quick = QUICK_FILTERS[params.quick].statuses;
  const statuses =
    params.status.length > 0 ? params.status.filter((status) => quick.includes(status)) : params.quick === "all" ? undefined : [...quick];
  const to = params.to ? new Date(params.to.getTime() + 24 * 60 * 60 * 1000 - 1) : undefined;
  return {
    search: params.q.slice(0, 200) || undefined,
    statuses,
    statusChoice: params.status.length ? params.status : undefined,
    channels: params.channel.length ? params.channel : undefined,
    categories: params.category.length ? params.category : undefined,
    from: params.from ?? undefined,
    to,
    customerId: params.customer && UUID.test(params.customer) ? params.customer : undefined,
    locationGroup: params.location ?? undefined,
    showIgnored: params.ignored,
  };
}

export function hasActiveFilters(params: CommunicationsSearchParams): boolean {
  return FILTER_KEYS.some((key) => {
    const value = params[key];
    return Array.isArray(value) ? value.length > 0 : key === "quick" ? value !== "all" : Boolean(value);
  });
}
