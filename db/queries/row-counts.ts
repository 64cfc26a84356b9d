import { and, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { attempts, communications } from "../schema";
import type { AttemptStatus } from "../schema/enums";
import { type FilterInput, logConditions, overviewConditions, type ResolvedFilters, resolveFilters } from "./filters";
import { countAttemptsQuery } from "./communication-log";
import { countCommunicationsQuery, toStatusCounts } from "./communications";

// The counts a page shows while it renders, at any table size: each group of statuses is
// counted up to `cap` rows and no further, so a count costs at most `cap` index entries
// however large the table grows. A group with more rows says so ("10,000+"); the exact
// figure is counted on demand (countCommunicationsByStatus / countAttemptsByStatus).

/** The most rows a count reads while the page renders. */
export const COUNT_CAP = 10_000;

/** How many rows match: exactly `value`, or (`exact` false) more than `value`. */
export type RowCount = { value: number; exact: boolean };

export type CountTab = "overview" | "log";

/**
 * Per group of statuses (within the Status dropdown, as the quick filters count), the
 * number of rows of the tab matching `filters`, capped. The ranked searches hold at most
 * RANKED_LIMIT rows: they are counted exactly in one grouped pass instead, so their
 * ranking runs once, not once per group.
 */
export async function countGroupsUpTo<K extends string>(db: Db, params: CountGroupsParams<K>): Promise<Record<K, RowCount>> {
  const filters = await resolveFilters(db, params.filters, params.tab);
  const plan = countGroupsPlan(db, { ...params, filters });
  const result = plan.statement ? await db.execute(plan.statement) : [];
  return plan.read((Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, unknown>[]);
}

type CountGroupsParams<K extends string> = {
  tab: CountTab;
  filters: FilterInput;
  groups: Record<K, readonly AttemptStatus[]>;
  cap?: number;
};

/**
 * The one statement countGroupsUpTo runs for resolved filters (null when every group is
 * empty), and how its rows become the counts. Unexecuted: EXPLAIN and the benchmarks run it too.
 */
export function countGroupsPlan<K extends string>(db: Db, params: CountGroupsParams<K> & { filters: ResolvedFilters }) {
  const { filters } = params;
  const groups = (Object.entries(params.groups) as [K, readonly AttemptStatus[]][]).map(
    ([key, statuses]) => [key, statuses.filter((status) => filters.statusChoice?.includes(status) ?? true)] as const,
  );
  if (filters.search && filters.search.mode !== "reference") {
    const statement = params.tab === "overview" ? countCommunicationsQuery(db, filters) : countAttemptsQuery(db, filters);
    return {
      statement: statement.getSQL(),
      read: (rows: Record<string, unknown>[]) => {
        const counts = toStatusCounts(rows.map((row) => ({ status: row.status as AttemptStatus, count: Number(row.count) })));
        return Object.fromEntries(
          groups.map(([key, statuses]) => [key, { value: statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0), exact: true }]),
        ) as Record<K, RowCount>;
      },
    };
  }
  const cap = params.cap ?? COUNT_CAP;
  const counted = groups.filter(([, statuses]) => statuses.length > 0);
  const columns = counted.map(
    ([, statuses], index) =>
      sql`(${cappedCount(params.tab, { ...filters, statuses: [...statuses] }, cap)}) AS ${sql.identifier(`g${index}`)}`,
  );
  return {
    statement: columns.length ? sql`SELECT ${sql.join(columns, sql`, `)}` : null,
    read: (rows: Record<string, unknown>[]) => {
      const values = new Map(counted.map(([key], index) => [key, Number(rows[0]?.[`g${index}`] ?? 0)]));
      return Object.fromEntries(
        groups.map(([key]) => {
          const value = values.get(key) ?? 0;
          return [key, value > cap ? { value: cap, exact: false } : { value, exact: true }];
        }),
      ) as Record<K, RowCount>;
    },
  };
}

/** count(*) of at most cap + 1 rows of the tab's list: more than cap means "more than cap". */
export function cappedCount(tab: CountTab, filters: ResolvedFilters, cap: number): SQL {
  const [table, where] = tab === "overview" ? [communications, overviewConditions(filters)] : [attempts, logConditions(filters)];
  return sql`SELECT count(*)::int FROM (SELECT 1 FROM ${table} WHERE ${and(...where)} LIMIT ${cap + 1}) AS capped`;
}
