import { createLoader, createSerializer, parseAsInteger, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
import { communicationFilterParsers, sortField } from "@/lib/filters/communication-filters";

// One parser map for the whole page: the server loads it, the client filter bar writes
// it, links serialise it. Every filter, the search, sort, page and open detail live in
// the URL, so a reload, back/forward or a shared link restores the exact view. The filters
// come from lib/filters/communication-filters.ts (shared with the platform API); the URL
// keys below are the page's own — the API names its parameters separately.
export const TABS = ["overview", "log"] as const;
export type Tab = (typeof TABS)[number];

export const communicationsSearchParams = {
  tab: parseAsStringLiteral(TABS).withDefault("overview"),
  ...communicationFilterParsers,
  sort: sortField.parser,
  // Keyset paging: `cursor` reads the page after it, `before` the page before it; `page` is
  // only the number shown ("Page 3"), carried along as staff move.
  cursor: parseAsString,
  before: parseAsString,
  page: parseAsInteger.withDefault(1),
  open: parseAsString,
  // The counts are capped while the page renders (db/queries/row-counts.ts); `count=exact`
  // counts them exactly, for this view and its pages, until a filter changes.
  count: parseAsStringLiteral(["exact"]),
};

/** Rows per page on both tabs. */
export const PAGE_SIZE = 50;

/** Back to the first page: any change of what matches, the tab or the sort. */
export const FIRST_PAGE = { cursor: null, before: null, page: null } as const;

/** A new view (filters, search or tab changed): first page, counts capped again. */
export const NEW_VIEW = { ...FIRST_PAGE, count: null } as const;

export const communicationsUrlKeys = { search: "q", channels: "channel", categories: "category", statuses: "status" } as const;

export type CommunicationsSearchParams = inferParserType<typeof communicationsSearchParams>;

export const loadCommunicationsSearchParams = createLoader(communicationsSearchParams, { urlKeys: communicationsUrlKeys });
export const serializeCommunicationsSearchParams = createSerializer(communicationsSearchParams, {
  clearOnDefault: true,
  urlKeys: communicationsUrlKeys,
});
