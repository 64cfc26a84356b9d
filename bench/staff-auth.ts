// npx tsx bench/staff-auth.ts [--runs 30] [--postgres postgres://…/postgres]
// Times what every staff request and every platform API call pays for access control,
// in-process through the real handlers: sign-in (password hash check + session write),
// the session check of each page/route (authorizeStaff), and an API-key check. On an
// in-memory PGlite by default, or a throwaway database on the given Postgres.
import { parseArgs } from "node:util";
import pg from "pg";
import { type Database, migrateDatabase, openDatabase, provideDatabase } from "@/db/client";
import { getAuth } from "@/lib/auth/auth";
import { authenticateApiKey, createApiKey } from "@/lib/auth/api-keys";
import { createStaffAccount } from "@/lib/auth/staff-accounts";
import { authorizeStaff } from "@/lib/auth/staff-session";
import { databaseUrl } from "@/tests/support/test-database-context";

const { values } = parseArgs({ options: { runs: { type: "string", default: "30" }, postgres: { type: "string" } } });
const runs = Number(values.runs);
process.env.HERALD_SANDBOX_SEED ??= "herald-bench-sandbox-seed-0001";
process.env.HERALD_SIGN_IN_RATE_LIMIT = "100000/60";
// Counted as in production (one upsert per check), but never reached.
process.env.HERALD_API_RATE_LIMIT = "1000000/60";

const name = `herald_bench_auth_${process.pid}`;
let admin: pg.Client | null = null;
let database: Database;
if (values.postgres) {
  admin = new pg.Client({ connectionString: values.postgres });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  database = await openDatabase({ driver: "pg", url: databaseUrl(values.postgres, name) });
} else {
  database = await openDatabase({ driver: "pglite" });
}
try {
  await migrateDatabase(database);
  provideDatabase(database);
  const auth = await getAuth();
  const password = "bench-password-123";
  await createStaffAccount(auth, database.db, {
    email: "bench@herald.test",
    name: "Bench",
    role: "operator",
    password,
    createdBy: "bench",
  });
  const signIn = () =>
    auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json", origin: "http://localhost:3000", "x-forwarded-for": "10.0.0.1" },
        body: JSON.stringify({ email: "bench@herald.test", password }),
      }),
    );
  const signInTimes = await time(runs, async () => {
    if ((await signIn()).status !== 200) throw new Error("sign-in failed");
  });
  const cookie = (await signIn()).headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const headers = new Headers({ cookie, host: "localhost:3000" });
  const sessionTimes = await time(runs * 5, () => authorizeStaff(headers, "viewer"));
  const { secret } = await createApiKey(database.db, { name: "Bench", scopes: ["send"], createdBy: "bench" });
  const request = new Request("http://localhost/api/v1/x", { headers: { authorization: `Bearer ${secret}` } });
  const keyTimes = await time(runs * 5, () => authenticateApiKey(request, "send"));

  console.log(`Database: ${values.postgres ? "PostgreSQL (pg)" : "PGlite (in memory)"}`);
  report("sign-in (POST /api/auth/sign-in/email)", signInTimes);
  report("session check (authorizeStaff)", sessionTimes);
  report("API-key check (authenticateApiKey)", keyTimes);
} finally {
  await database.close();
  if (admin) {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function time(n: number, run: () => Promise<unknown>): Promise<number[]> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

function report(label: string, sorted: number[]) {
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
  console.log(`${label.padEnd(42)} n=${String(sorted.length).padStart(4)}  p50 ${at(0.5).padStart(6)} ms  p95 ${at(0.95).padStart(6)} ms`);
}
