import type { CommunicationFilters } from "@/db/queries/filters";
import { QUICK_FILTERS } from "@/lib/status";

export type FilterSample = { customerId: string; locationGroup: string; subjectRef: string };

/** One case per quick filter, per dropdown, the search, and a realistic combination. */
export function filterCases(sample: FilterSample): [name: string, filters: CommunicationFilters][] {
  return [
    ["default view", {}],
    ...(["failed", "not_sent", "completed"] as const).map((quick): [string, CommunicationFilters] => [
      `quick filter ${quick}`,
      { statuses: [...QUICK_FILTERS[quick].statuses] },
    ]),
    ["type", { channels: ["sms"] }],
    ["category", { categories: ["statement"] }],
    ["sent between", { from: new Date("2026-10-01T00:00:00Z"), to: new Date("2026-10-31T23:59:59Z") }],
    ["customer", { customerId: sample.customerId }],
    ["status", { statuses: ["rejected"] }],
    ["show ignored", { showIgnored: true }],
    ["location group", { locationGroup: sample.locationGroup }],
    ["search (reference)", { search: sample.subjectRef.slice(-7) }],
    ["search (misspelt name)", { search: "boulangrie" }],
    [
      "failed e-mails of one customer last month",
      { statuses: ["failed", "rejected"], channels: ["email"], customerId: sample.customerId, from: new Date("2026-10-01T00:00:00Z") },
    ],
  ];
}

/** Identifiers of one seeded communication, for the search cases. */
export type SearchSample = { subjectRef: string; customerRef: string; email: string };

/** The searches of issue 13: each reference mode, and the ranked fallback. */
export function searchCases(sample: SearchSample): [name: string, filters: CommunicationFilters][] {
  return [
    ["search: exact reference", { search: sample.subjectRef }],
    ["search: reference prefix", { search: sample.subjectRef.slice(0, -2) }],
    ["search: customer number", { search: sample.customerRef }],
    ["search: e-mail", { search: sample.email }],
    ["search: misspelt name", { search: "boulangrie" }],
  ];
}

export type UrlSample = FilterSample & SearchSample;

/**
 * Every control of the filter bar as the page's URL carries it (search-params.ts): alone,
 * the Status dropdown with and without a quick filter, and the combinations of issue 13.
 */
export function urlFilterCases(sample: UrlSample): [name: string, query: string][] {
  const q = (value: string) => `q=${encodeURIComponent(value)}`;
  return [
    ["default view", ""],
    ...(["failed", "not_sent", "completed"] as const).map((quick): [string, string] => [`quick filter ${quick}`, `quick=${quick}`]),
    ["type", "channel=sms,post"],
    ["category", "category=reminder"],
    ["status dropdown", "status=failed"],
    ["status dropdown within a quick filter", "quick=failed&status=failed,delivered"],
    ["status dropdown outside the quick filter", "quick=completed&status=failed"],
    ["sent between", "from=2026-10-01&to=2026-10-31"],
    ["customer", `customer=${sample.customerId}`],
    ["location group", `location=${encodeURIComponent(sample.locationGroup)}`],
    ["show ignored", "ignored=true"],
    ["search: exact reference", q(sample.subjectRef)],
    ["search: reference prefix", q(sample.subjectRef.slice(0, -1))],
    ["search: customer number", q(sample.customerRef)],
    ["search: e-mail", q(sample.email)],
    ["search: misspelt name", q("boulangrie")],
    ["type, category and status dropdown", "channel=sms,post&category=reminder&status=failed"],
    ["misspelt name, status dropdown, ignored shown", `${q("boulangrie")}&status=failed,delivered&ignored=true`],
  ];
}
