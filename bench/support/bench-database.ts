import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, migrateDatabase, openDatabase } from "@/db/client";
import { seedDemoData } from "@/db/seed";

// The benchmarks' databases: embedded PGlite in a throwaway data directory (as `npm start`
// keeps it in .data/pglite: an in-memory one would hold every row written in the process's
// memory, and its RSS would measure the data, not Herald), or a throwaway migrated database
// on a real server (dropped afterwards), optionally seeded at scale.

export async function openBenchDatabase(
  adminUrl: string | undefined,
): Promise<{ database: Database; dispose: () => Promise<void>; label: string; url?: string }> {
  if (!adminUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "herald-bench-pglite-"));
    const database = await openDatabase({ driver: "pglite", dataDir });
    await migrateDatabase(database);
    return {
      database,
      dispose: async () => {
        await database.close();
        await rm(dataDir, { recursive: true, force: true });
      },
      label: "embedded PGlite (a data directory on disk, as npm start keeps it)",
    };
  }
  const name = `herald_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ driver: "pg", url: url.toString() });
  await migrateDatabase(database);
  const { rows } = await admin.query<{ server_version: string }>("SHOW server_version");
  return {
    database,
    url: url.toString(),
    label: `PostgreSQL ${rows[0]?.server_version.split(" ")[0]} (node-postgres)`,
    dispose: async () => {
      await database.close();
      // pool.end() resolves before every socket is gone; give them a moment to say goodbye.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Demo data at `scale` communications (fixed seed and clock), analysed; prints how long it took. */
export async function seedAtScale(database: Database, scale: number): Promise<void> {
  const started = performance.now();
  await seedDemoData(database.db, { communications: scale, seed: 3, now: new Date("2026-11-20T12:00:00Z") });
  await database.db.execute(sql`VACUUM ANALYZE`);
  console.log(`Seeded ${scale.toLocaleString("en")} communications in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * A database seeded with `scale` communications, kept between runs (`herald_bench_<scale>`
 * on the server of `adminUrl`, or `url` as given): seeded and analysed once — a million
 * takes minutes — then only migrated. Never dropped.
 */
export async function openSeededBenchDatabase(params: { adminUrl: string; scale: number; url?: string }) {
  const url = new URL(params.url ?? params.adminUrl);
  if (!params.url) {
    const name = `herald_bench_${params.scale}`;
    const admin = new pg.Client({ connectionString: params.adminUrl });
    await admin.connect();
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    url.pathname = `/${name}`;
  }
  const database = await openDatabase({ driver: "pg", url: url.toString() });
  await migrateDatabase(database);
  const result = await database.db.execute(sql`SELECT count(*)::int AS n FROM communications`);
  const seeded = (result as unknown as { rows: { n: number }[] }).rows[0]!.n;
  if (seeded === 0) await seedAtScale(database, params.scale);
  else if (seeded !== params.scale)
    console.log(
      `Note: ${url.pathname.slice(1)} holds ${seeded.toLocaleString("en")} communications, not ${params.scale.toLocaleString("en")}.`,
    );
  else await database.db.execute(sql`ANALYZE`);
  return { database, url: url.toString(), communications: seeded || params.scale };
}
