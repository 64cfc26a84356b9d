import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, openDatabase } from "@/db/client";
import { startNeonWsProxy } from "./neon-ws-proxy";
import { databaseUrl, POSTGRES_ADMIN_URL } from "./test-database-context";

// Real Postgres through the Neon serverless driver: start the WebSocket→TCP proxy,
// create a throwaway template database and migrate it *through the Neon driver*; each
// test file then clones the template (CREATE DATABASE … TEMPLATE, ≈0.2 s).
export default async function setup(project: TestProject) {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `Real Postgres is required for the integration:postgres-neon project but ${POSTGRES_ADMIN_URL} ` +
        `cannot be reached (${(error as Error).message}). Start it (see README, "Tests") or set TEST_POSTGRES_URL.`,
    );
  }
  const template = `herald_tpl_${process.pid}_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${template}`);
  const proxy = await startNeonWsProxy();
  const wsProxy = `127.0.0.1:${proxy.port}/v1`;
  const database = await openDatabase({ driver: "neon", url: databaseUrl(POSTGRES_ADMIN_URL, template), wsProxy });
  await migrateDatabase(database);
  await database.close();
  const { rows } = await admin.query<{ server_version: string }>("SHOW server_version");
  console.log(`[integration] real PostgreSQL ${rows[0]?.server_version} via the Neon driver: template ${template} migrated`);
  project.provide("testDatabase", { kind: "postgres", adminUrl: POSTGRES_ADMIN_URL, template, wsProxy });

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
    await proxy.close();
  };
}
