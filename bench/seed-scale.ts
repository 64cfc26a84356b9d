// npx tsx bench/seed-scale.ts [--scale N] [--keep]
//
// Seeds N communications (default 1,000,000) into a throwaway database on the local
// Postgres through the pg driver — the path `npm run db:seed -- --scale N` takes — and
// reports the time per phase, then checks on the result that every communication agrees
// with its latest attempt. Drops the database afterwards unless --keep.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import pg from "pg";
import { migrateDatabase, openDatabase } from "@/db/client";
import { seedDemoData } from "@/db/seed";
import { rowsOf } from "@/db/seed/bulk-insert";

const { values } = parseArgs({ options: { scale: { type: "string" }, keep: { type: "boolean" } } });
const scale = Number(values.scale ?? 1_000_000);
const adminUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `herald_seed_bench_${process.pid}`;

await admin(`CREATE DATABASE ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openDatabase({ driver: "pg", url: url.toString() });
try {
  await migrateDatabase(database);
  const started = performance.now();
  let phaseStarted = started;
  let phaseName = "start";
  const phase = (next: string) => {
    const now = performance.now();
    console.log(`${phaseName.padEnd(40)} ${((now - phaseStarted) / 1000).toFixed(1).padStart(7)} s`);
    phaseName = next.replace(/ \(.*/, "");
    phaseStarted = now;
  };
  const summary = await seedDemoData(database.db, { communications: scale, seed: 1, onPhase: phase });
  phase("done");
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `total ${seconds.toFixed(1)} s for ${scale.toLocaleString("en")} communications, ${summary.attempts.toLocaleString("en")} attempts`,
  );
  const [check] = rowsOf<{ mismatched: number; total: number }>(
    await database.db.execute(sql`
      SELECT count(*) FILTER (WHERE CASE WHEN c.collecting_data THEN latest.seq IS NOT NULL
                                         ELSE latest.status IS DISTINCT FROM c.status OR latest.status_at IS DISTINCT FROM c.last_activity_at
                                              OR c.attempt_count IS DISTINCT FROM latest.seq END)::int AS mismatched,
             count(*)::int AS total
      FROM communications c
      LEFT JOIN LATERAL (SELECT a.status, a.status_at, a.seq FROM attempts a WHERE a.communication_id = c.id ORDER BY a.seq DESC LIMIT 1) latest ON true`),
  );
  console.log(
    `consistency: ${check?.mismatched} of ${check?.total.toLocaleString("en")} communications disagree with their latest attempt (or have attempts while collecting data)`,
  );
} finally {
  await database.close();
  if (!values.keep) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
