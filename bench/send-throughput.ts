// npx tsx bench/send-throughput.ts [--count 10000] [--postgres postgres://…/postgres]
// The sending engine on the embedded runner (no Inngest), as `npm start` runs it:
// 1. planning + enqueue — the planning jobs of N new communications, published from the
//    outbox, until each has its rendered, snapshotted first attempt and its hand-over queued;
// 2. hand-over — the queued attempts through the sandbox providers until every one is
//    accepted, paced as on Inngest: per provider, 10 at once and 20 starts a second;
// 3. feedback — the sandbox's signed webhooks through the real route handlers until every
//    attempt is delivered.
// In-memory PGlite by default; --postgres runs against a throwaway database on a real server.
import { parseArgs } from "node:util";
import { count as countRows } from "drizzle-orm";
import { type Database, provideDatabase } from "@/db/client";
import { openBenchDatabase } from "./support/bench-database";
import { createEmailCustomers, createInvoice } from "./support/email-invoices";
import { attempts } from "@/db/schema";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { publishOutbox } from "@/inngest/outbox";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { TEST_SANDBOX_SEED, testSecrets } from "@/tests/support/provider-requests";
import { testSendingDeps } from "@/tests/support/sending-harness";

const { values } = parseArgs({ options: { count: { type: "string", default: "10000" }, postgres: { type: "string" } } });
const count = Number(values.count);
process.env.HERALD_SANDBOX_SEED = TEST_SANDBOX_SEED;
for (const name of ["RESEND_API_KEY", "SENDGRID_API_KEY", "TWILIO_ACCOUNT_SID", "INNGEST_EVENT_KEY", "INNGEST_DEV", "HERALD_PUBLIC_URL"])
  delete process.env[name];

const { database, dispose, label } = await openBenchDatabase(values.postgres);
console.log(`Herald sending benchmark — ${label}, ${count.toLocaleString("en")} communications, embedded runner, sandbox providers`);
try {
  provideDatabase(database);
  const deps = testSendingDeps(database.db, await testSecrets());
  provideSendingDeps(deps);
  registerEmbeddedFunctions();

  const customerIds = await createEmailCustomers(database.db, {
    count: Math.max(1, Math.ceil(count / 20)),
    tag: "BENCH",
    alternateLocales: true,
  });
  let started = performance.now();
  for (let index = 0; index < count; index++) await createInvoice(database.db, { customerIds, index, tag: "BENCH" });
  report("create communications", count, started);

  const rssBefore = process.memoryUsage().rss;
  started = performance.now();
  await publishOutbox(database.db);
  await waitFor(database, (counts) => total(counts) >= count);
  report("plan + render + snapshot + enqueue", count, started);

  await waitFor(database, (counts) => (counts.queued ?? 0) === 0);
  report("… + hand-over to the sandbox providers", count, started);

  await drainLocalRunner();
  await settleSandboxWebhooks();
  await waitFor(database, (counts) => (counts.delivered ?? 0) === count);
  report("… + signed webhooks back → Delivered", count, started);
  console.log(`RSS growth during the run: ${((process.memoryUsage().rss - rssBefore) / 1024 / 1024).toFixed(0)} MB`);
} finally {
  await dispose();
}

function report(what: string, n: number, since: number) {
  const seconds = (performance.now() - since) / 1000;
  console.log(`${what.padEnd(46)} ${n.toLocaleString("en")} in ${seconds.toFixed(1)} s → ${(n / seconds).toFixed(0)}/s`);
}

async function attemptsByStatus(db: Database["db"]) {
  const rows = await db.select({ status: attempts.status, n: countRows() }).from(attempts).groupBy(attempts.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.n])) as Record<string, number>;
}

function total(counts: Record<string, number>) {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

async function waitFor(db: Database, done: (counts: Record<string, number>) => boolean) {
  for (;;) {
    if (done(await attemptsByStatus(db.db))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
