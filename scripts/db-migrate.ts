// npm run db:migrate — applies committed migrations to the configured database (embedded
// PGlite without DATABASE_URL, else Neon or node-postgres), as DATABASE_MIGRATION_URL's role
// when set: the owner of Herald's tables, while the app connects as a role that owns nothing
// (docs/deployment.md, "Database roles").
import { migrateDatabase, openDatabase, resolveMigrationConfig } from "@/db/client";

const config = resolveMigrationConfig();
const database = await openDatabase(config);
try {
  await migrateDatabase(database);
  const as = config.driver === "pglite" ? "" : ` as ${decodeURIComponent(new URL(config.url).username) || "the default user"}`;
  console.log(`Migrations applied (${database.driver}${as}).`);
} finally {
  await database.close();
}
