// npx tsx bench/list-queries.ts [--scale 100000] [--runs 40]
// Seeds a throwaway database on the local Postgres (TEST_POSTGRES_URL or
// postgres://postgres@127.0.0.1:5432/postgres), then times the list and count queries of
// both tabs for every filter case and prints p50 / p95 per case and overall; then the
// searches of issue 13 beside a floor: the same SQL, already resolved, sent on the bare pg
// pool (no search probe, no query builder, no row mapping) — for a ranked search, its
// ranking statement, then the list or the count that reads the ranked ids.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type pg from "pg";
import { countAttemptsByStatus, countAttemptsQuery, listAttempts, listAttemptsQuery } from "@/db/queries/communication-log";
import {
  countCommunicationsByStatus,
  countCommunicationsQuery,
  listCommunications,
  listCommunicationsQuery,
} from "@/db/queries/communications";
import { type CommunicationFilters, type ListTab, rankingQuery, type ResolvedFilters, resolveFilters } from "@/db/queries/filters";
import { filterCases, type FilterSample, searchCases, type SearchSample } from "@/tests/support/filter-cases";
import { POSTGRES_ADMIN_URL } from "@/tests/support/test-database-context";
import { compiled } from "./page/setup";
import { openBenchDatabase, seedAtScale } from "./support/bench-database";

const { values } = parseArgs({ options: { scale: { type: "string", default: "100000" }, runs: { type: "string", default: "40" } } });
const scale = Number(values.scale);
const runs = Number(values.runs);
const { database, dispose } = await openBenchDatabase(POSTGRES_ADMIN_URL);
try {
  await seedAtScale(database, scale);

  const result = await database.db.execute(
    sql`SELECT customer_id AS "customerId", location_group AS "locationGroup", subject_ref AS "subjectRef"
        FROM communications WHERE location_group IS NOT NULL ORDER BY id LIMIT 1 OFFSET 5000`,
  );
  const sample = (result as unknown as { rows: FilterSample[] }).rows[0]!;

  const tabs = {
    overview: { list: listCommunications, count: countCommunicationsByStatus },
    log: { list: listAttempts, count: countAttemptsByStatus },
  } as const;
  for (const [tab, queries] of Object.entries(tabs)) {
    const all: number[] = [];
    console.log(`${tab.padEnd(48)}  list p50   list p95  count p50  count p95   (ms, ${runs} runs)`);
    for (const [caseName, filters] of filterCases(sample)) {
      const list = await time(() => queries.list(database.db, { filters, limit: 50 }));
      const count = await time(() => queries.count(database.db, filters));
      all.push(...list);
      console.log(
        `  ${caseName.padEnd(46)}${[percentile(list, 50), percentile(list, 95), percentile(count, 50), percentile(count, 95)]
          .map((ms) => ms.toFixed(1).padStart(10))
          .join(" ")}`,
      );
    }
    console.log(
      `  ${"all list queries".padEnd(46)}${percentile(all, 50).toFixed(1).padStart(10)} ${percentile(all, 95).toFixed(1).padStart(10)}\n`,
    );
  }
  await benchSearches();
} finally {
  await dispose();
}

async function benchSearches() {
  const found = await database.db.execute(
    sql`SELECT c.subject_ref AS "subjectRef", u.external_ref AS "customerRef", a.recipient AS email
        FROM communications c JOIN customers u ON u.id = c.customer_id JOIN attempts a ON a.communication_id = c.id
        WHERE a.channel = 'email' ORDER BY c.id LIMIT 1 OFFSET 5000`,
  );
  const searchSample = (found as unknown as { rows: SearchSample[] }).rows[0]!;
  const pool = (database.db as unknown as { $client: pg.Pool }).$client;
  type Compiled = { toSQL: () => { sql: string; params: unknown[] } };
  const bare = async (query: Compiled) => {
    const { sql: text, params } = query.toSQL();
    await pool.query(text, params);
  };
  const tabs = {
    overview: {
      list: (filters: CommunicationFilters) => listCommunications(database.db, { filters, limit: 50 }),
      count: (filters: CommunicationFilters) => countCommunicationsByStatus(database.db, filters),
      queries: (filters: ResolvedFilters): Compiled[] => [
        listCommunicationsQuery(database.db, { filters, limit: 50 }),
        countCommunicationsQuery(database.db, filters),
      ],
    },
    log: {
      list: (filters: CommunicationFilters) => listAttempts(database.db, { filters, limit: 50 }),
      count: (filters: CommunicationFilters) => countAttemptsByStatus(database.db, filters),
      queries: (filters: ResolvedFilters): Compiled[] => [
        listAttemptsQuery(database.db, { filters, limit: 50 }),
        countAttemptsQuery(database.db, filters),
      ],
    },
  } as const;
  const header = ["list p50", "list p95", "count p50", "count p95"].map((label) => label.padStart(10)).join("");
  for (const [tab, run] of Object.entries(tabs)) {
    console.log(`search · ${tab.padEnd(36)}${header}   (ms, ${runs} runs; floor = same SQL on bare pg)`);
    for (const [caseName, filters] of searchCases(searchSample)) {
      // Resolved as the view resolves them: the text probed, a ranked search ranked once on this tab.
      const probed = await resolveFilters(database.db, filters);
      const ranking = rankingQuery(tab as ListTab, probed);
      const rank = ranking ? compiled(database, { getSQL: () => ranking }) : null;
      const resolved = await resolveFilters(database.db, probed, tab as ListTab);
      const [listQuery, countQuery] = run.queries(resolved) as [Compiled, Compiled];
      const ranked = async (query: Compiled) => {
        if (rank) await pool.query(rank.sql, rank.params);
        await bare(query);
      };
      const herald = [await time(() => run.list(filters)), await time(() => run.count(filters))];
      const floor = [await time(() => ranked(listQuery)), await time(() => ranked(countQuery))];
      const cells = (samples: number[][]) => samples.flatMap((s) => [percentile(s, 50), percentile(s, 95)]);
      const [h, f] = [cells(herald), cells(floor)];
      const mode = resolved.search?.mode ?? "";
      console.log(`  ${`${caseName} (${mode})`.padEnd(43)}${h.map((ms) => ms.toFixed(1).padStart(10)).join("")}  Herald`);
      console.log(`  ${"".padEnd(43)}${f.map((ms) => ms.toFixed(1).padStart(10)).join("")}  floor`);
      console.log(`  ${"".padEnd(43)}${h.map((ms, i) => `${(ms / f[i]!).toFixed(2)}×`.padStart(10)).join("")}  ratio`);
    }
    console.log("");
  }
}

async function time(run: () => Promise<unknown>): Promise<number[]> {
  await run(); // warm the cache and the plan
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples;
}

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
