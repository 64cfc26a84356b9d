// npm run db:app-role [-- --role herald_app] [--apply]
// Prints the SQL that creates Herald's app role — a login that owns nothing and cannot
// disable triggers (db/app-role.ts, docs/deployment.md) — to run as the owner role in
// Herald's database, e.g. `npm run -s db:app-role | psql "$DATABASE_MIGRATION_URL"`.
// --apply runs it against DATABASE_MIGRATION_URL (else DATABASE_URL) instead.
import { parseArgs } from "node:util";
import { appRoleSql, DEFAULT_APP_ROLE } from "@/db/app-role";
import { openDatabase, resolveMigrationConfig } from "@/db/client";

const { values } = parseArgs({
  options: { role: { type: "string", default: DEFAULT_APP_ROLE }, apply: { type: "boolean", default: false } },
});
const statements = appRoleSql(values.role);
if (!values.apply) {
  process.stdout.write(statements);
} else {
  const config = resolveMigrationConfig();
  if (config.driver === "pglite")
    throw new Error("The embedded database has no roles: set DATABASE_MIGRATION_URL (or DATABASE_URL) to Postgres");
  const database = await openDatabase(config);
  try {
    const client = (database.db as unknown as { $client: { query: (sql: string) => Promise<unknown> } }).$client;
    await client.query(statements);
    console.log(
      `App role ${values.role} is ready. Set its password (ALTER ROLE ${values.role} WITH PASSWORD '…') and use it in DATABASE_URL.`,
    );
  } finally {
    await database.close();
  }
}
