import { sql } from "drizzle-orm";
import pg from "pg";
import type { Database } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { createAuth } from "@/lib/auth/auth";
import { createStaffAccount } from "@/lib/auth/staff-accounts";
import { encodeCursor } from "@/lib/cursor";
import { HeraldError } from "@/lib/errors";
import { signInOverHttp } from "@/tests/e2e/support/staff";
import { ensureProductionBuild } from "@/scripts/production-build";
import { openSeededBenchDatabase } from "../support/bench-database";
import { type ProductionServer, startProductionServer } from "../support/production-server";

// Everything the page benchmark stands on: the seeded database (kept between runs), the
// production build served by `next start` in its own process, a signed-in viewer and a
// read API key, a bare pg pool for the floors, and the rows the figures look for.

const SECRET = "herald-benchmark-session-secret-0123456789";
const VIEWER = { email: "bench-viewer@herald.local", name: "Bench Viewer", role: "viewer" as const, password: "herald-bench-password" };

export type PageBench = {
  database: Database;
  server: ProductionServer;
  pool: pg.Pool;
  cookie: string;
  apiKey: string;
  communications: number;
  samples: Samples;
  close: () => Promise<void>;
};

export type Samples = {
  invoice: string;
  email: string;
  customerId: string;
  locationGroup: string;
  subjectRef: string;
  /** The deepest page up to 1,001 of the default view, and the cursor that opens it. */
  deepPage: { page: number; cursor: string };
};

export async function setUpPageBench(params: { adminUrl: string; scale: number; databaseUrl?: string; root: string }): Promise<PageBench> {
  const { database, url, communications } = await openSeededBenchDatabase({
    adminUrl: params.adminUrl,
    scale: params.scale,
    url: params.databaseUrl,
  });
  await ensureProductionBuild(params.root);
  await ensureViewer(database);
  const { secret: apiKey } = await createApiKey(database.db, {
    name: "benchmark",
    scopes: ["read"],
    createdBy: "bench",
    actorType: "system",
  });
  // No job runner in the measured server: the embedded one would start re-sending the
  // seed's queued attempts. INNGEST_DEV points the client at a port nothing listens on; no
  // figure here sends anything.
  const server = await startProductionServer(params.root, {
    DATABASE_URL: url,
    DATABASE_DRIVER: "pg",
    BETTER_AUTH_SECRET: SECRET,
    INNGEST_DEV: "http://127.0.0.1:9",
  });
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    const cookie = await signInOverHttp(server.baseUrl, VIEWER.email, VIEWER.password);
    const samples = await findSamples(pool);
    return {
      database,
      server,
      pool,
      cookie: `better-auth.session_token=${cookie}`,
      apiKey,
      communications,
      samples,
      close: async () => {
        await server.stop();
        await pool.end();
        await database.close();
      },
    };
  } catch (error) {
    console.error(server.output().slice(-4_000));
    await server.stop();
    await pool.end();
    await database.close();
    throw error;
  }
}

async function ensureViewer(database: Database) {
  const auth = createAuth(database.db, { secret: SECRET, signInLimit: { max: 1_000, window: 60 } });
  try {
    await createStaffAccount(auth, database.db, { ...VIEWER, createdBy: "bench", actorType: "system" });
  } catch (error) {
    // Made by an earlier run on this database.
    if (!(error instanceof HeraldError && error.status === 409)) throw error;
  }
}

async function findSamples(pool: pg.Pool): Promise<Samples> {
  const { rows } = await pool.query<{ subject_ref: string; customer_id: string; location_group: string; email: string }>(`
    SELECT c.subject_ref, c.customer_id, coalesce(c.location_group, 'Paris') AS location_group, a.recipient AS email
    FROM communications c JOIN attempts a ON a.communication_id = c.id
    WHERE c.subject_type = 'invoice' AND a.channel = 'email' AND NOT c.collecting_data AND c.ignored_at IS NULL
    ORDER BY c.id LIMIT 1 OFFSET 5000`);
  const sample = rows[0]!;
  const visible = Number(
    (await pool.query(`SELECT count(*) AS n FROM communications WHERE NOT collecting_data AND ignored_at IS NULL`)).rows[0].n,
  );
  const page = Math.max(2, Math.min(1_001, Math.floor(visible / 50)));
  // The cursor of page N is the last row of page N - 1, newest first.
  const { rows: boundary } = await pool.query<{ at: Date; id: string }>(
    `SELECT last_activity_at AS at, id FROM communications WHERE NOT collecting_data AND ignored_at IS NULL
     ORDER BY last_activity_at DESC, id DESC OFFSET $1 LIMIT 1`,
    [(page - 1) * 50 - 1],
  );
  return {
    invoice: sample.subject_ref,
    email: sample.email,
    customerId: sample.customer_id,
    locationGroup: sample.location_group,
    subjectRef: sample.subject_ref,
    deepPage: { page, cursor: encodeCursor({ at: boundary[0]!.at, id: boundary[0]!.id }) },
  };
}

/** The statement behind a Drizzle query or SQL fragment, as text and parameters for the bare pg floor. */
export function compiled(database: Database, query: { getSQL: () => unknown }) {
  const dialect = (database.db as unknown as { dialect: { sqlToQuery: (sql: unknown) => { sql: string; params: unknown[] } } }).dialect;
  return dialect.sqlToQuery(query.getSQL());
}

export { sql };
