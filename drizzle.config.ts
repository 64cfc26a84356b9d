import { defineConfig } from "drizzle-kit";

// `npm run db:generate` only diffs the schema into SQL; migrations are applied by the
// app's own migrator (db/migrate.ts) so the same path serves PGlite, Neon and pg.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema/index.ts",
  out: "./db/migrations",
  casing: "snake_case",
});
