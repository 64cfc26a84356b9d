import { asc, desc, eq, gt, gte, inArray, isNull, lt, lte, not, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { type PgColumn, unionAll } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { attempts, communications } from "../schema";
import type { AttemptStatus as Status, Category, Channel } from "../schema/enums";
import { rowsOf } from "./prepared";
import { rankedIdsQuery, resolveSearch, searchCondition, type SearchColumns, type SearchPlan, similarity } from "./search";

/** The search-and-filter bar, shared by both tabs (already validated by the caller). */
export type CommunicationFilters = {
  search?: string;
  /** Quick filter and fine-grained status, already intersected: the rows' statuses; undefined = any. */
  statuses?: Status[];
  /** The Status dropdown alone: the quick-filter counts count each group within it. */
  statusChoice?: Status[];
  channels?: Channel[];
  categories?: Category[];
  /** Inclusive range on the row's date (last activity / attempt time). */
  from?: Date;
  to?: Date;
  customerId?: string;
  locationGroup?: string;
  showIgnored?: boolean;
  /** Only these rows (a selection on the page); the other filters still apply. */
  ids?: string[];
};

/** Filters whose search text has been read and probed (resolveFilters): what the conditions take. */
export type ResolvedFilters = Omit<CommunicationFilters, "search"> & { search?: SearchPlan };

export type SortDirection = "desc" | "asc";
/** A page boundary: (date, id) in date order, (similarity, id) when a search ranks by similarity. */
export type Keyset = { at: Date; id: string } | { rank: number; id: string };

/** Filters as the caller has them: as typed, or already resolved (one probe for a page's list and counts). */
export type FilterInput = CommunicationFilters | ResolvedFilters;

/**
 * Reads and probes the search text once. Given the tab the filters are for, a ranked
 * search (similar or contains) is also ranked there, once: the list, its counts and its
 * total then look the same ≤ RANKED_LIMIT rows up by id. Filters resolved for one tab and
 * read on the other are ranked again there (searchCondition checks the tab).
 */
export async function resolveFilters(db: Db, filters: FilterInput, tab?: ListTab): Promise<ResolvedFilters> {
  const resolved: ResolvedFilters =
    typeof filters.search === "string"
      ? { ...filters, search: await resolveSearch(db, { search: filters.search, customerId: filters.customerId }) }
      : (filters as ResolvedFilters);
  const plan = resolved.search;
  const ranking = tab ? rankingQuery(tab, resolved) : null;
  if (!tab || !ranking || !plan || plan.mode === "reference") return resolved;
  const ids = rowsOf<{ id: string }>(await db.execute(ranking)).map((row) => row.id);
  return { ...resolved, search: { ...plan, ranked: { tab, ids } } };
}

/** The statement that ranks a ranked search on `tab` (null when there is nothing to rank, or it is ranked there). */
export function rankingQuery(tab: ListTab, filters: ResolvedFilters): SQL | null {
  const plan = filters.search;
  if (!plan || plan.mode === "reference" || plan.ranked?.tab === tab) return null;
  return rankedIdsQuery(tab === "overview" ? overviewColumns : logColumns, plan, baseConditions(tab, filters));
}

export type ListTab = "overview" | "log";

type FilterColumns = SearchColumns & {
  status: PgColumn;
  channel: PgColumn;
  category: PgColumn;
  date: PgColumn;
  locationGroup: PgColumn;
};

const overviewColumns: FilterColumns = {
  table: "overview",
  id: communications.id,
  searchText: communications.searchText,
  status: communications.status,
  channel: communications.channel,
  category: communications.category,
  date: communications.lastActivityAt,
  customerId: communications.customerId,
  locationGroup: communications.locationGroup,
  subjectRef: communications.subjectRef,
};

const logColumns: FilterColumns = {
  table: "log",
  id: attempts.id,
  searchText: attempts.searchText,
  status: attempts.status,
  channel: attempts.channel,
  category: attempts.category,
  date: attempts.createdAt,
  customerId: attempts.customerId,
  locationGroup: attempts.locationGroup,
  subjectRef: attempts.subjectRef,
};

/**
 * Which statuses apply: the rows' (quick filter ∩ dropdown), or for the quick-filter
 * counts the dropdown alone — each button counts its own group, within everything else.
 */
type StatusScope = { quickCounts?: boolean };

/** WHERE conditions for the Communication tab. */
export function overviewConditions(filters: ResolvedFilters, scope: StatusScope = {}): SQL[] {
  return withStatusAndSearch(overviewColumns, filters, scope, baseConditions("overview", filters));
}

/** WHERE conditions for the Communication log tab. */
export function logConditions(filters: ResolvedFilters, scope: StatusScope = {}): SQL[] {
  return withStatusAndSearch(logColumns, filters, scope, baseConditions("log", filters));
}

/** A tab's conditions except status and search: what a ranked search ranks within. */
function baseConditions(tab: ListTab, filters: ResolvedFilters): SQL[] {
  if (tab === "overview") {
    const base = [...otherConditions(overviewColumns, filters), not(communications.collectingData)];
    if (!filters.showIgnored) base.push(isNull(communications.ignoredAt));
    return base;
  }
  const base = otherConditions(logColumns, filters);
  // Attempts never exist while their communication is still collecting data.
  if (!filters.showIgnored) base.push(isNull(attempts.communicationIgnoredAt));
  return base;
}

/**
 * Keyset condition and ORDER BY of a tab's list: similarity then id when the search ranks
 * (the sort direction does not apply), else (date, id) in the chosen direction.
 */
export function listPage(
  tab: "overview" | "log",
  filters: ResolvedFilters,
  direction: SortDirection,
  cursor?: Keyset,
  toward: PageToward = "next",
) {
  const columns = tab === "overview" ? overviewColumns : logColumns;
  if (!filters.search || filters.search.mode === "reference") {
    return keysetPage(columns.date, columns.id, direction, cursor, toward);
  }
  const rank = similarity(columns, filters.search);
  // The previous page walks the same order backwards from the page's first row; the caller
  // reverses what it reads. word_similarity is a real; the cursor's value came from it.
  const back = toward === "previous";
  const further = back ? sql`>` : sql`<`;
  const idAfter = back ? lt : gt;
  const condition =
    cursor && "rank" in cursor
      ? sql`(${rank} ${further} ${cursor.rank}::real OR (${rank} = ${cursor.rank}::real AND ${idAfter(columns.id, cursor.id)}))`
      : undefined;
  return { condition, order: back ? [sql`${rank} ASC`, desc(columns.id)] : [sql`${rank} DESC`, asc(columns.id)], rank };
}

/**
 * A date-ordered list over several statuses, as one query per status (their UNION ALL,
 * merged in list order): each reads its status's index range in list order and stops at
 * the page, where `status IN (…)` walks the whole date order filtering out the rest — at a
 * million rows the Failed view read some 10,000 rows for its 51. Null when one query
 * serves: one status or none.
 */
function perStatusFilters(filters: ResolvedFilters): ResolvedFilters[] | null {
  if (!filters.statuses || filters.statuses.length < 2) return null;
  return filters.statuses.map((status) => ({ ...filters, statuses: [status] }));
}

/** A list page's statement, unexecuted: awaited for its rows, or compiled (tests EXPLAIN it). */
export type ListQuery<Rows> = SQLWrapper & PromiseLike<Rows> & { toSQL: () => { sql: string; params: unknown[] } };

/**
 * A tab's list page (`page` as listPage made it, cut at `limit`): `select` for the filters,
 * or, when the page is in date order, (perStatusFilters) for each status in turn, merged in
 * list order and cut to the page again. A page that ranks by similarity stays one query.
 */
export function listByStatus<Q extends ListQuery<unknown>>(
  filters: ResolvedFilters,
  page: { order: SQL[]; rank?: SQL; limit: number },
  select: (filters: ResolvedFilters) => Q,
): ListQuery<Awaited<Q>> {
  const branches = page.rank ? null : perStatusFilters(filters);
  if (!branches) return select(filters) as ListQuery<Awaited<Q>>;
  // Every branch is the same select (one selection, one table): their union has their rows.
  const [first, second, ...rest] = branches.map(select) as unknown as Parameters<typeof unionAll>;
  return unionAll(first, second, ...rest)
    .orderBy(...page.order)
    .limit(page.limit) as unknown as ListQuery<Awaited<Q>>;
}

/** Which way a page is read from its cursor: the rows after it, or the rows before it. */
export type PageToward = "next" | "previous";

/**
 * Keyset condition and ORDER BY on (date, id) in the chosen direction. A similarity cursor
 * (from a link made while the search ranked) cannot continue a date order: page one.
 */
export function keysetPage(dateColumn: PgColumn, idColumn: PgColumn, sort: SortDirection, cursor?: Keyset, toward: PageToward = "next") {
  // The previous page is the same order read backwards from the page's first row.
  const direction = toward === "previous" ? (sort === "desc" ? "asc" : "desc") : sort;
  // A row-value comparison, not `a < $1 OR (a = $1 AND id < $2)`: Postgres turns it into one
  // index range condition on (date, id), so page 1,001 starts where it is instead of
  // filtering its way there.
  const before = direction === "desc" ? sql`<` : sql`>`;
  const condition =
    cursor && "at" in cursor
      ? sql`(${dateColumn}, ${idColumn}) ${before} (${cursor.at.toISOString()}::timestamptz, ${cursor.id}::uuid)`
      : undefined;
  const order = direction === "desc" ? [desc(dateColumn), desc(idColumn)] : [asc(dateColumn), asc(idColumn)];
  return { condition, order, rank: undefined };
}

function withStatusAndSearch(columns: FilterColumns, filters: ResolvedFilters, scope: StatusScope, base: SQL[]): SQL[] {
  const conditions = [...base];
  const statuses = scope.quickCounts ? filters.statusChoice : filters.statuses;
  if (statuses) conditions.push(inArray(columns.status, statuses));
  if (filters.search) conditions.push(searchCondition(columns, filters.search, base));
  return conditions;
}

function otherConditions(columns: FilterColumns, filters: ResolvedFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.channels?.length) conditions.push(inArray(columns.channel, filters.channels));
  if (filters.categories?.length) conditions.push(inArray(columns.category, filters.categories));
  if (filters.from) conditions.push(gte(columns.date, filters.from));
  if (filters.to) conditions.push(lte(columns.date, filters.to));
  if (filters.customerId) conditions.push(eq(columns.customerId, filters.customerId));
  if (filters.locationGroup) conditions.push(eq(columns.locationGroup, filters.locationGroup));
  if (filters.ids) conditions.push(inArray(columns.id, filters.ids));
  return conditions;
}
