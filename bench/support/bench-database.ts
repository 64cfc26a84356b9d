import { sql } from "drizzle-orm";
import pg from "pg";
import { type Database, migrateDatabase, openDatabase } from "@/db/client";
import { seedDemoData } from "@/db/seed";

// The benchmarks' databases: in-memory PGlite, or a throwaway migrated database on a real
// server (dropped afterwards), optionally seeded at scale.

export async function openBenchDatabase(
  adminUrl: string | undefined,
): Promise<{ database: Database; dispose: () => Promise<void>; label: string }> {
  if (!adminUrl) {
    const database = await openDatabase({ driver: "pglite" });
    await migrateDatabase(database);
    return { database, dispose: () => database.close(), label: "in-memory PGlite" };
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
