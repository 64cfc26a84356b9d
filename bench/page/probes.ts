import { listCommunications, listCommunicationsQuery } from "@/db/queries/communications";
import { type CommunicationFilters, rankingQuery, resolveFilters } from "@/db/queries/filters";
import { countGroupsPlan } from "@/db/queries/row-counts";
import { countQuickFilters, countQuickFiltersExactly, QUICK_FILTER_GROUPS } from "@/lib/quick-filter-counts";
import type { Keyset } from "@/db/queries/filters";
import { timeStreamedGet } from "../support/stream-timing";
import { compiled, type PageBench } from "./setup";

// What one sample of each figure does. A probe returns named timings in milliseconds; the
// figures pair a Herald probe with its floor, both sampled in the same rounds.

export type Probe = () => Promise<Record<string, number>>;

/** The first byte of the results table's HTML in the streamed page (asked for in English). */
const TABLE = /<table[^>]*aria-label="Communication(s| log)"/;

/** GET /communications?query as a signed-in viewer: rows visible, complete page. */
export function pageProbe(bench: PageBench, query: string): Probe {
  return async () => {
    const headers = { cookie: bench.cookie, "accept-language": "en" };
    const timing = await timeStreamedGet(`${bench.server.baseUrl}/communications${query}`, headers, TABLE);
    if (timing.status !== 200 || timing.markerMs === null)
      throw new Error(
        `GET /communications${query}: status ${timing.status}, table ${timing.markerMs === null ? "never arrived" : "found"}`,
      );
    return { rows: timing.markerMs, complete: timing.completeMs, firstByte: timing.firstByteMs };
  };
}

/**
 * GET /account/password as the same viewer: a staff page with the same layout, session check
 * and messages but no list — the least any staff page costs this server.
 */
export function shellProbe(bench: PageBench): Probe {
  return async () => {
    const headers = { cookie: bench.cookie, "accept-language": "en" };
    const timing = await timeStreamedGet(`${bench.server.baseUrl}/account/password`, headers, /<form/);
    if (timing.status !== 200 || timing.markerMs === null) throw new Error(`GET /account/password: status ${timing.status}`);
    return { complete: timing.completeMs };
  };
}

/** GET /api/v1/communications?query (rows and exact total) with a read key: the floor of the page. */
export function apiProbe(bench: PageBench, query: string): Probe {
  return async () => {
    const started = performance.now();
    const response = await fetch(`${bench.server.baseUrl}/api/v1/communications${query}`, {
      headers: { authorization: `Bearer ${bench.apiKey}`, "accept-encoding": "identity" },
    });
    const body = (await response.json()) as { data?: unknown[] };
    if (response.status !== 200 || !body.data?.length) throw new Error(`GET /api/v1/communications${query}: ${response.status}`);
    return { total: performance.now() - started };
  };
}

/** The page's list query, already resolved (and ranked) and compiled, on a bare pg connection. */
export async function sqlListProbe(bench: PageBench, filters: CommunicationFilters, cursor?: Keyset): Promise<Probe> {
  const resolved = await resolveFilters(bench.database.db, filters, "overview");
  const { sql, params } = compiled(bench.database, listCommunicationsQuery(bench.database.db, { filters: resolved, limit: 50, cursor }));
  return async () => {
    const started = performance.now();
    await bench.pool.query(sql, params);
    return { ms: performance.now() - started };
  };
}

/**
 * The quick-filter counts the page renders with (capped), through Herald's query code, on
 * filters resolved as the page resolves them once for its rows and counts alike: a ranked
 * search's ranking is the search's (searchProbe), not the counts'.
 */
export async function countsProbe(
  bench: PageBench,
  unresolved: CommunicationFilters,
  tab: "overview" | "log",
  exact = false,
): Promise<Probe> {
  const filters = await resolveFilters(bench.database.db, unresolved, tab);
  return async () => {
    const started = performance.now();
    const counts = await (exact ? countQuickFiltersExactly : countQuickFilters)(bench.database.db, { tab, filters });
    return { ms: performance.now() - started, capped: counts.all.exact ? 0 : 1 };
  };
}

/** The same counting statement, resolved and compiled once, on a bare pg connection. */
export async function sqlCountsProbe(bench: PageBench, filters: CommunicationFilters, tab: "overview" | "log"): Promise<Probe> {
  const resolved = await resolveFilters(bench.database.db, filters, tab);
  const plan = countGroupsPlan(bench.database.db, { tab, filters: resolved, groups: QUICK_FILTER_GROUPS });
  const statement = plan.statement ? compiled(bench.database, { getSQL: () => plan.statement }) : null;
  return async () => {
    const started = performance.now();
    if (statement) await bench.pool.query(statement.sql, statement.params);
    return { ms: performance.now() - started };
  };
}

/** A search as the page runs it: the text probed once, then rows and counts together. */
export function searchProbe(bench: PageBench, search: string): Probe {
  const db = bench.database.db;
  return async () => {
    const started = performance.now();
    const filters = await resolveFilters(db, { search }, "overview");
    await Promise.all([listCommunications(db, { filters, limit: 50 }), countQuickFilters(db, { tab: "overview", filters })]);
    return { ms: performance.now() - started };
  };
}

/**
 * The same statements, compiled once, on bare pg connections: a ranked search's ranking,
 * then the list and the counts together (the text's probe is Herald's alone).
 */
export async function sqlSearchProbe(bench: PageBench, search: string): Promise<Probe> {
  const ranking = rankingQuery("overview", await resolveFilters(bench.database.db, { search }));
  const rank = ranking ? compiled(bench.database, { getSQL: () => ranking }) : null;
  const [list, counts] = [await sqlListProbe(bench, { search }), await sqlCountsProbe(bench, { search }, "overview")];
  return async () => {
    const started = performance.now();
    if (rank) await bench.pool.query(rank.sql, rank.params);
    await Promise.all([list(), counts()]);
    return { ms: performance.now() - started };
  };
}
