import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "@/db/client";
import "./test-database-context";

// Migrate one in-memory PGlite and dump its data dir; each test file loads the dump
// (≈0.75 s) instead of initialising and migrating its own (≈6 s).
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "herald-pglite-"));
  const database = await openDatabase({ driver: "pglite" });
  await migrateDatabase(database);
  const client = (database.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
  const dump = await client.dumpDataDir("none");
  await database.close();
  const dumpPath = path.join(dir, "migrated.tar");
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("testDatabase", { kind: "pglite", dumpPath });
  console.log("[integration] embedded PGlite: migrated template ready");
  return () => rm(dir, { recursive: true, force: true });
}
