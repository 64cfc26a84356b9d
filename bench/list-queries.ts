// npx tsx bench/list-queries.ts [--scale 100000] [--runs 40]
// Seeds a throwaway database on the local Postgres (TEST_POSTGRES_URL or
// postgres://postgres@127.0.0.1:5432/postgres), then times the list and count queries of
// both tabs for every filter case and prints p50 / p95 per case and overall.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { countAttemptsByStatus, listAttempts } from "@/db/queries/communication-log";
import { countCommunicationsByStatus, listCommunications } from "@/db/queries/communications";
import { filterCases, type FilterSample } from "@/tests/support/filter-cases";
import { POSTGRES_ADMIN_URL } from "@/tests/support/test-database-context";
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
    console.log(`  ${"all list queries".padEnd(46)}${percentile(all, 50).toFixed(1).padStart(10)} ${percentile(all, 95).toFixed(1).padStart(10)}\n`);
  }
} finally {
  await dispose();
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
