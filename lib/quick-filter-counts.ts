import type { Db } from "@/db/client";
import { countAttemptsByStatus } from "@/db/queries/communication-log";
import { countCommunicationsByStatus } from "@/db/queries/communications";
import type { FilterInput } from "@/db/queries/filters";
import { type CountTab, countGroupsUpTo } from "@/db/queries/row-counts";
import { exactly, type RowCount } from "@/lib/row-count";
import { countByQuickFilter, QUICK_FILTERS, type QuickFilter } from "@/lib/status";

// The quick-filter buttons' counts (and the header total, the active one's): counted up to
// the cap while the page renders, exactly on demand. Either way a count is the number of
// rows its filter lists, or says that it is more than the figure shown.

export type QuickFilterCounts = Record<QuickFilter, RowCount>;

/** The groups counted; All is derived from them. */
export const QUICK_FILTER_GROUPS = {
  failed: QUICK_FILTERS.failed.statuses,
  not_sent: QUICK_FILTERS.not_sent.statuses,
  completed: QUICK_FILTERS.completed.statuses,
};

export async function countQuickFilters(db: Db, params: { tab: CountTab; filters: FilterInput; cap?: number }): Promise<QuickFilterCounts> {
  const { failed, not_sent, completed } = await countGroupsUpTo(db, { ...params, groups: QUICK_FILTER_GROUPS });
  const groups = [failed, not_sent, completed];
  // All is at least each group: if one is past the cap, so is All.
  const all = groups.every((count) => count.exact)
    ? exactly(groups.reduce((sum, count) => sum + count.value, 0))
    : { value: Math.max(...groups.map((count) => count.value)), exact: false };
  return { failed, not_sent, completed, all };
}

/** The same counts, exact however many rows match (one grouped pass: it grows with the rows it counts). */
export async function countQuickFiltersExactly(db: Db, params: { tab: CountTab; filters: FilterInput }): Promise<QuickFilterCounts> {
  const counts = countByQuickFilter(
    await (params.tab === "overview" ? countCommunicationsByStatus(db, params.filters) : countAttemptsByStatus(db, params.filters)),
  );
  return {
    failed: exactly(counts.failed),
    not_sent: exactly(counts.not_sent),
    completed: exactly(counts.completed),
    all: exactly(counts.all),
  };
}
