import { createLoader, createSerializer, parseAsString, parseAsStringLiteral, type inferParserType } from "nuqs/server";
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
  cursor: parseAsString,
  open: parseAsString,
};

export const communicationsUrlKeys = { search: "q", channels: "channel", categories: "category", statuses: "status" } as const;

export type CommunicationsSearchParams = inferParserType<typeof communicationsSearchParams>;

export const loadCommunicationsSearchParams = createLoader(communicationsSearchParams, { urlKeys: communicationsUrlKeys });
export const serializeCommunicationsSearchParams = createSerializer(communicationsSearchParams, {
  clearOnDefault: true,
  urlKeys: communicationsUrlKeys,
});
