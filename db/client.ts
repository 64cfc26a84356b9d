import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { z } from "zod";
import * as schema from "./schema";

export type Schema = typeof schema;
/** The one handle type every query takes: PGlite, Neon and node-postgres all satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverName = "pglite" | "neon" | "pg";

export type Database = { db: Db; driver: DriverName; close: () => Promise<void> };

// An empty variable (`DATABASE_URL=` in a .env file) means unset.
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const postgresUrl = (name: string) =>
  optional(z.url({ protocol: /^postgres(ql)?$/, error: `${name} must be a postgres:// or postgresql:// URL` }));

const envSchema = z.object({
  DATABASE_URL: postgresUrl("DATABASE_URL"),
  // The owner role's URL, for migrations only (docs/deployment.md); default DATABASE_URL.
  DATABASE_MIGRATION_URL: postgresUrl("DATABASE_MIGRATION_URL"),
  DATABASE_DRIVER: optional(z.enum(["pglite", "neon", "pg"])),
  HERALD_DATA_DIR: optional(z.string()).transform((value) => value ?? ".data/pglite"),
  // host:port/path of a WebSocket→TCP proxy, for the Neon driver against a plain Postgres.
  NEON_WS_PROXY: optional(z.string()),
});

export type DatabaseConfig =
  { driver: "pglite"; dataDir?: string; loadDataDir?: Blob } | { driver: "neon" | "pg"; url: string; wsProxy?: string };

export const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

// The search field's misspelling tolerance: pg_trgm's default word-similarity threshold
// (0.6) misses a single swapped or dropped letter in a short word (≈0.5). Set per
// connection (a startup option) because per-database settings are not carried by
// CREATE DATABASE … TEMPLATE.
const WORD_SIMILARITY_THRESHOLD = "0.45";
// No JIT: Herald's statements are short index reads, and a plan whose estimate crosses
// jit_above_cost (a misestimated search, a capped count of several groups) would spend
// 50-60 ms compiling a query that runs in one.
const SESSION_OPTIONS = `-c pg_trgm.word_similarity_threshold=${WORD_SIMILARITY_THRESHOLD} -c jit=off`;

/** Reads the environment: no DATABASE_URL → embedded PGlite; a Neon URL → Neon; else pg. */
export function resolveDatabaseConfig(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid database configuration: ${z.prettifyError(parsed.error)}`);
  }
  const { DATABASE_URL: url, DATABASE_DRIVER: driver, HERALD_DATA_DIR, NEON_WS_PROXY } = parsed.data;
  if (!url || driver === "pglite") return { driver: "pglite", dataDir: HERALD_DATA_DIR };
  const isNeonHost = new URL(url).hostname.endsWith(".neon.tech");
  return { driver: driver ?? (isNeonHost ? "neon" : "pg"), url, wsProxy: NEON_WS_PROXY };
}

/**
 * Where migrations run: DATABASE_MIGRATION_URL (the role that owns Herald's tables) when
 * set, else DATABASE_URL — on the same driver the app would use. The app itself connects
 * with DATABASE_URL, as a role that owns nothing (db/app-role.ts).
 */
export function resolveMigrationConfig(env: Record<string, string | undefined> = process.env): DatabaseConfig {
  const app = resolveDatabaseConfig(env);
  const migrationUrl = envSchema.parse(env).DATABASE_MIGRATION_URL;
  if (!migrationUrl) return app;
  if (app.driver === "pglite") {
    throw new Error("DATABASE_MIGRATION_URL is set but the app uses the embedded database: set DATABASE_URL to the app role's URL too");
  }
  return { ...app, url: migrationUrl };
}

export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  if (config.driver === "pglite") return openPglite(config);
  if (config.driver === "neon") return openNeon(config.url, config.wsProxy);
  return openPg(config.url);
}

/** Applies the committed drizzle-kit migrations with the driver's own migrator. */
export async function migrateDatabase({ db, driver }: Database): Promise<void> {
  const config = { migrationsFolder: MIGRATIONS_FOLDER };
  // Each migrator is typed to its own driver's database class; `db` was built by it.
  if (driver === "pglite") {
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(db as never, config);
  } else if (driver === "neon") {
    const { migrate } = await import("drizzle-orm/neon-serverless/migrator");
    await migrate(db as never, config);
  } else {
    const { migrate } = await import("drizzle-orm/node-postgres/migrator");
    await migrate(db as never, config);
  }
}

type AppDatabase = { ready: Promise<Database> };
const globalForDb = globalThis as typeof globalThis & { __heraldDb?: AppDatabase };

/**
 * The app's database, opened on first use and kept on globalThis: Next evaluates modules
 * once per bundle, and one PGlite data dir must never be opened twice. Opening lazily
 * keeps `next build` away from a data dir a running server holds. The embedded database
 * is migrated on open (zero-config start); external databases use `npm run db:migrate`.
 */
export function getDatabase(): Promise<Database> {
  globalForDb.__heraldDb ??= {
    ready: (async () => {
      const database = await openDatabase(resolveDatabaseConfig());
      if (database.driver === "pglite") await migrateDatabase(database);
      return database;
    })(),
  };
  return globalForDb.__heraldDb.ready;
}

/**
 * Hands the app an already-open database instead of opening its own: integration tests
 * call route handlers and Inngest functions against their test database, and a benchmark
 * can drive the handlers in-process.
 */
export function provideDatabase(database: Database): void {
  globalForDb.__heraldDb = { ready: Promise.resolve(database) };
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}

async function openPglite(config: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { pg_trgm } = await import("@electric-sql/pglite/contrib/pg_trgm");
  const { drizzle } = await import("drizzle-orm/pglite");
  // PGlite throws ENOENT when the parent folder is missing.
  if (config.dataDir) mkdirSync(path.dirname(path.resolve(config.dataDir)), { recursive: true });
  const client = await PGlite.create({
    dataDir: config.dataDir,
    loadDataDir: config.loadDataDir,
    extensions: { pg_trgm },
  });
  await client.exec(`SET pg_trgm.word_similarity_threshold = ${WORD_SIMILARITY_THRESHOLD}`);
  const db = drizzle({ client, schema, casing: "snake_case" });
  return { db: db as unknown as Db, driver: "pglite", close: () => client.close() };
}

async function openNeon(url: string, wsProxy?: string): Promise<Database> {
  const { Pool, neonConfig } = await import("@neondatabase/serverless");
  const { drizzle } = await import("drizzle-orm/neon-serverless");
  const { default: ws } = await import("ws");
  neonConfig.webSocketConstructor = ws;
  if (wsProxy) {
    // A plain Postgres behind a local WebSocket→TCP proxy (tests, self-hosted dev).
    neonConfig.wsProxy = (host, port) => `${wsProxy}?address=${host}:${port}`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    // Pipelining the startup breaks SCRAM authentication against a non-Neon server.
    neonConfig.pipelineConnect = false;
  }
  const pool = new Pool({ connectionString: url, options: SESSION_OPTIONS });
  pool.on("error", reportIdleClientError);
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  return { db: db as unknown as Db, driver: "neon", close: () => pool.end() };
}

async function openPg(url: string): Promise<Database> {
  const { Pool } = await import("pg");
  const { drizzle } = await import("drizzle-orm/node-postgres");
  const pool = new Pool({ connectionString: url, options: SESSION_OPTIONS });
  pool.on("error", reportIdleClientError);
  const db = drizzle({ client: pool, schema, casing: "snake_case" });
  return { db: db as unknown as Db, driver: "pg", close: () => pool.end() };
}

// An idle pooled connection the server closes (restart, failover, admin termination)
// emits an error with no query to reject; without a listener it would crash the process.
// The pool drops that connection and opens a new one for the next query.
function reportIdleClientError(error: Error) {
  console.error(`Database connection lost while idle (${error.message}); it will be replaced.`);
}
