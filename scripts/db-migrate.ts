// npm run db:migrate — applies committed migrations to the configured database
// (embedded PGlite without DATABASE_URL, else Neon or node-postgres).
import { migrateDatabase, openDatabase, resolveDatabaseConfig } from "@/db/client";

const config = resolveDatabaseConfig();
const database = await openDatabase(config);
try {
  await migrateDatabase(database);
  console.log(`Migrations applied (${database.driver}).`);
} finally {
  await database.close();
}
