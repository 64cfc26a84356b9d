import type { RowCount } from "@/db/queries/row-counts";

export type { RowCount };

// A count of rows: exactly `value`, or (exact false) more than `value` — the page counts no
// further than a cap while it renders (db/queries/row-counts.ts), and a capped figure always
// says it is one ("10,000+", app/(staff)/communications/view-counts.tsx).

export function exactly(value: number): RowCount {
  return { value, exact: true };
}
