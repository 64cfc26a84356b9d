import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, migrateDatabase, openDatabase } from "@/db/client";
import { getBulkJob } from "@/db/queries/bulk-jobs";
import { insertCommunication } from "@/db/queries/communication-intake";
import { attempts, communications, jobOutbox } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { startCommunication } from "@/lib/sending/start-communication";
import { FAKE_RESEND_KEY } from "../support/fakes/fake-resend";
import { type FakeHttpServer, startFakeHttpServer } from "../support/fakes/http-fake";
import { postgresUrl } from "../support/environment";
import { type NextServer, startNextServer, waitUntil } from "../support/next-server";
import { TEST_SANDBOX_SEED, testSecrets } from "../support/provider-requests";
import { createTestCustomer, INVOICE_DATA, testSendingDeps } from "../support/sending-harness";
import { withAdmin } from "../support/test-database";

// kill -9 in the middle of a bulk send, on real Postgres with the production build: the
// server dies with hand-overs in flight, runs in memory and a batch half done; a second
// server on the same database takes the work up (the outbox, released claims). The local
// Resend fake answers like Resend — one message per Idempotency-Key, the same id for a
// repeated key — so "handed over exactly once" is counted where it matters: at the provider.

const COUNT = 2_000;
const KILL_AFTER_KEYS = 400;

let database: Database;
let databaseName: string;
let databaseUrl: string;
let resend: FakeHttpServer;
/** Idempotency-Key → the message id Resend gave it (one message per key). */
const messages = new Map<string, string>();
let apiSecret: string;
const servers: NextServer[] = [];

beforeAll(async () => {
  databaseName = `herald_crash_${randomBytes(5).toString("hex")}`;
  await withAdmin(postgresUrl.toString(), (admin) => admin.query(`CREATE DATABASE ${databaseName}`));
  const url = new URL(postgresUrl);
  url.pathname = `/${databaseName}`;
  databaseUrl = url.toString();
  database = await openDatabase({ driver: "pg", url: databaseUrl });
  await migrateDatabase(database);
  resend = await startFakeHttpServer((request) => {
    if (request.headers.authorization !== `Bearer ${FAKE_RESEND_KEY}`) return { status: 403, json: { name: "invalid_api_key" } };
    const key = String(request.headers["idempotency-key"]);
    if (!messages.has(key)) messages.set(key, crypto.randomUUID());
    return { status: 200, json: { id: messages.get(key) } };
  });
  await seedSentCommunications();
  ({ secret: apiSecret } = await createApiKey(database.db, { name: "crash test", scopes: ["read", "send"], createdBy: "test" }));
}, 180_000);

afterAll(async () => {
  await Promise.all(servers.map((server) => server.kill()));
  await database?.close();
  await resend?.close();
  await withAdmin(postgresUrl.toString(), (admin) => admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
});

describe("a server killed in the middle of a bulk send", () => {
  it("is taken over by the next start: every communication handed over exactly once, none lost", async () => {
    const first = await startServer();
    const ids = (await database.db.select({ id: communications.id }).from(communications)).map((row) => row.id);
    const response = await fetch(`${first.baseUrl}/api/v1/bulk-sends`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ communicationIds: ids }),
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { id: string };

    await waitUntil(() => messages.size >= KILL_AFTER_KEYS, 120_000, "the first server to hand over");
    await first.kill();
    const atKill = { keys: messages.size, requests: resend.requests.length };

    const second = await startServer();
    await waitUntil(async () => (await acceptedBulkAttempts(job.id)) === COUNT, 180_000, "every bulk attempt to be accepted");
    await waitUntil(async () => (await liveJobs()) === 0, 60_000, "the outbox to be empty");

    const perCommunication = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(attempts)
      .groupBy(attempts.communicationId);
    // The first attempt seeded, one resend: no communication sent twice, none forgotten.
    expect(perCommunication.map((row) => row.n)).toEqual(ids.map(() => 2));
    const resent = await database.db
      .select({ id: attempts.id, providerMessageId: attempts.providerMessageId })
      .from(attempts)
      .where(sql`${attempts.meta}->>'bulkJobId' = ${job.id}`);
    expect(new Set(messages.keys())).toEqual(new Set(resent.map((row) => `herald-attempt-${row.id}`)));
    expect(resent.every((row) => row.providerMessageId === messages.get(`herald-attempt-${row.id}`))).toBe(true);
    expect(await getBulkJob(database.db, { id: job.id })).toMatchObject({ status: "completed", processed: COUNT, succeeded: COUNT });

    const repeated = resend.requests.length - messages.size;
    console.log(
      `[crash recovery] ${COUNT} hand-overs scheduled; killed after ${atKill.keys} messages (${atKill.requests} requests); ` +
        `after restart: ${messages.size} messages at Resend from ${resend.requests.length} requests ` +
        `(${repeated} repeated an Idempotency-Key: in flight at the kill), 0 lost, 0 sent twice`,
    );
    await second.stop();
  }, 420_000);
});

/** 2,000 communications sent before (first attempt delivered), so the bulk send resends each. */
async function seedSentCommunications() {
  const deps = testSendingDeps(database.db, await testSecrets());
  const customerIds: string[] = [];
  for (let index = 0; index < 40; index++)
    customerIds.push(await createTestCustomer(database.db, { email: `billing-${index}@acme.example` }));
  // Eight at a time, to keep the set-up short.
  const indexes = Array.from({ length: COUNT }, (_, index) => index);
  for (let from = 0; from < COUNT; from += 8) {
    await Promise.all(
      indexes.slice(from, from + 8).map(async (index) => {
        const communication = await insertCommunication(database.db, {
          customerId: customerIds[index % customerIds.length]!,
          subjectType: "invoice",
          subjectRef: `INV-CRASH-${String(index).padStart(5, "0")}`,
          category: "invoice",
          templateData: INVOICE_DATA,
        });
        await startCommunication(deps, communication.id);
      }),
    );
  }
  await database.db.update(attempts).set({ status: "delivered", statusLabel: "Delivered", deliveredAt: new Date() });
  await database.db.update(communications).set({ status: "delivered", statusLabel: "Delivered" });
  // Those sends are history: their jobs ran long ago.
  await database.db.update(jobOutbox).set({ doneAt: new Date() }).where(isNull(jobOutbox.doneAt));
}

async function acceptedBulkAttempts(bulkJobId: string): Promise<number> {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(attempts)
    .where(and(sql`${attempts.meta}->>'bulkJobId' = ${bulkJobId}`, eq(attempts.status, "accepted")));
  return row?.n ?? 0;
}

async function liveJobs(): Promise<number> {
  const [row] = await database.db
    .select({ n: sql<number>`count(*)::int` })
    .from(jobOutbox)
    .where(isNull(jobOutbox.doneAt));
  return row?.n ?? 0;
}

/** `next start` on the production build the suite's global setup made, against the test database. */
async function startServer(): Promise<NextServer> {
  const server = await startNextServer({
    env: {
      DATABASE_URL: databaseUrl,
      DATABASE_DRIVER: "pg",
      BETTER_AUTH_SECRET: "crash-recovery-test-secret-0123456789abcdef",
      HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED,
      HERALD_EMAIL_PROVIDER: "resend",
      RESEND_API_KEY: FAKE_RESEND_KEY,
      RESEND_BASE_URL: resend.url,
      HERALD_HANDOVERS_PER_SECOND: "200",
      INNGEST_EVENT_KEY: "",
      INNGEST_DEV: "",
    },
  });
  servers.push(server);
  return server;
}
