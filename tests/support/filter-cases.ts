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
