import type { RowCount } from "@/db/queries/row-counts";

export type { RowCount };

// A count as staff read it: "4,939", or "10,000+" when the page counted no further than
// that (db/queries/row-counts.ts) — a capped figure always says it is one.
export function formatRowCount(count: RowCount): string {
  return `${count.value.toLocaleString("en")}${count.exact ? "" : "+"}`;
}

export function exactly(value: number): RowCount {
  return { value, exact: true };
}
