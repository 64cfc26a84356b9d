import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "@/db/client";
import { databaseUrl } from "./test-database-context";

export type TestDatabase = Database & {
  label: string;
  execRaw: (sql: string) => Promise<void>;
  /** Real Postgres only: the database's URL (as the superuser) and a second, separate pool on it — another app instance. */
  postgres?: { url: string; wsProxy: string; openInstance: (options?: { user?: string }) => Promise<Database> };
};

/**
 * A fresh, migrated, empty database for one test file, on whichever engine the current
 * vitest project targets. Call `close()` in afterAll.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const context = inject("testDatabase");
  if (context.kind === "pglite") {
    const dump = new Blob([await readFile(context.dumpPath)]);
    const database = await openDatabase({ driver: "pglite", loadDataDir: dump });
    const client = (database.db as unknown as { $client: import("@electric-sql/pglite").PGlite }).$client;
    return { ...database, label: "PGlite", execRaw: async (sql) => void (await client.exec(sql)) };
  }
  const name = `herald_t_${randomBytes(6).toString("hex")}`;
  await withAdmin(context.adminUrl, (admin) => admin.query(`CREATE DATABASE ${name} TEMPLATE ${context.template}`));
  const url = databaseUrl(context.adminUrl, name);
  const database = await openDatabase({ driver: "neon", url, wsProxy: context.wsProxy });
  return {
    ...database,
    label: "PostgreSQL (Neon driver)",
    postgres: {
      url,
      wsProxy: context.wsProxy,
      openInstance: ({ user } = {}) => {
        const instanceUrl = new URL(url);
        if (user) instanceUrl.username = user;
        return openDatabase({ driver: "neon", url: instanceUrl.toString(), wsProxy: context.wsProxy });
      },
    },
    // Raw SQL through a plain psql-like connection, bypassing the application entirely.
    execRaw: (sql) => withAdmin(url, async (client) => void (await client.query(sql))),
    close: async () => {
      await database.close();
      await withAdmin(context.adminUrl, async (admin) => {
        // The Neon Pool's end() resolves before its sockets are gone; dropping WITH (FORCE)
        // then kills a backend whose client is still closing, and that client emits an
        // unhandled 57P01 error into the test run. Wait for the sessions to leave first.
        for (let waited = 0; waited < 5000; waited += 50) {
          const { rows } = await admin.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1", [name]);
          if (rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}

/** A client on `url` (as the superuser) for `run`, ended after it. */
export async function withAdmin<T>(url: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}
