// The database half of `npm start`, run by scripts/start.mjs as a child process that exits
// when done: migrate (as DATABASE_MIGRATION_URL's owner role when set), seed demo data on
// the embedded default's first run, make sure a staff account exists. PGlite, the seed and auth stay in this process, so their memory goes back
// to the system before the server starts (the PGlite data dir is closed first: one process
// at a time may open it). Writes what start.mjs needs to the JSON file named by argv[2].
import { writeFileSync } from "node:fs";
import { migrateDatabase, openDatabase, resolveDatabaseConfig, resolveMigrationConfig } from "@/db/client";
import { isDatabaseSeeded, seedDemoData } from "@/db/seed";
import { authOptionsFromEnv, createAuth } from "@/lib/auth/auth";
import { describeInitialStaff, ensureInitialStaff } from "@/lib/auth/staff-accounts";
import { readEnv } from "@/lib/env";
import { serverRecordFile } from "./running-server";

/** `serverRecord`: embedded only, where the server records itself for CLI commands (scripts/running-server.ts). */
export type PreparedDatabase = { serverRecord: string | null; staffNote: string | null };

const resultFile = process.argv[2];
if (!resultFile) throw new Error("usage: prepare-database.ts <result.json>");

const config = resolveDatabaseConfig();
// Migrations as the owner role when DATABASE_MIGRATION_URL names one; everything else as the app.
const migrationConfig = resolveMigrationConfig();
const ownerMigrates = migrationConfig.driver !== "pglite" && config.driver !== "pglite" && migrationConfig.url !== config.url;
if (ownerMigrates) {
  const owner = await openDatabase(migrationConfig);
  try {
    await migrateDatabase(owner);
  } finally {
    await owner.close();
  }
}
const database = await openDatabase(config);
try {
  if (!ownerMigrates) await migrateDatabase(database);
  if (config.driver === "pglite" && !(await isDatabaseSeeded(database.db))) {
    console.log(`First run: seeding demo data into ${config.dataDir}…`);
    const seedStart = performance.now();
    await seedDemoData(database.db, {});
    console.log(`Demo data ready in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`);
  }
  // Embedded: demo accounts on first run; with DATABASE_URL: the admin from HERALD_ADMIN_*.
  const auth = createAuth(database.db, await authOptionsFromEnv());
  const staff = await ensureInitialStaff(auth, database.db, { embedded: config.driver === "pglite", env: readEnv() });
  const result: PreparedDatabase = {
    serverRecord: config.driver === "pglite" ? serverRecordFile(config.dataDir!) : null,
    staffNote: describeInitialStaff(staff),
  };
  writeFileSync(resultFile, JSON.stringify(result));
} finally {
  await database.close();
}
