import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import net from "node:net";
import { and, eq, isNull, sql } from "drizzle-orm";
import pg from "pg";
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
import { TEST_SANDBOX_SEED, testSecrets } from "../support/provider-requests";
import { createTestCustomer, INVOICE_DATA, testSendingDeps } from "../support/sending-harness";

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
const servers: ChildProcess[] = [];

beforeAll(async () => {
  databaseName = `herald_crash_${randomBytes(5).toString("hex")}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${databaseName}`));
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
  for (const server of servers) stop(server, "SIGKILL");
  await database?.close();
  await resend?.close();
  await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`));
});

describe("a server killed in the middle of a bulk send", () => {
  it("is taken over by the next start: every communication handed over exactly once, none lost", async () => {
    const first = await startServer();
    const ids = (await database.db.select({ id: communications.id }).from(communications)).map((row) => row.id);
    const response = await fetch(`${first.url}/api/v1/bulk-sends`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiSecret}`, "content-type": "application/json" },
      body: JSON.stringify({ communicationIds: ids }),
    });
    expect(response.status).toBe(202);
    const job = (await response.json()) as { id: string };

    await waitUntil(() => messages.size >= KILL_AFTER_KEYS, 120_000, "the first server to hand over");
    stop(first.process, "SIGKILL");
    await new Promise((resolve) => first.process.once("exit", resolve));
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
    stop(second.process, "SIGTERM");
  }, 420_000);
});

/** 2,000 communications sent before (first attempt delivered), so the bulk send resends each. */
async function seedSentCommunications() {
  const deps = testSendingDeps(database.db, await testSecrets());
  const customerIds: string[] = [];
  for (let index = 0; index < 40; index++)
    customerIds.push(await createTestCustomer(database.db, { email: `billing-${index}@acme.example` }));
  for (let index = 0; index < COUNT; index++) {
    const communication = await insertCommunication(database.db, {
      customerId: customerIds[index % customerIds.length]!,
      subjectType: "invoice",
      subjectRef: `INV-CRASH-${String(index).padStart(5, "0")}`,
      category: "invoice",
      templateData: INVOICE_DATA,
    });
    await startCommunication(deps, communication.id);
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
async function startServer(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const nextBin = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const server = spawn(process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
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
  let output = "";
  server.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    async () => {
      if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}:\n${output}`);
      // Any answer means it serves (the API answers 401 without a key).
      return (await fetch(`${url}/api/v1/openapi.json`).catch(() => null)) !== null;
    },
    120_000,
    () => `next start on port ${port}:\n${output}`,
  );
  return { url, process: server };
}

function stop(server: ChildProcess, signal: NodeJS.Signals) {
  if (server.pid && server.exitCode === null) {
    try {
      process.kill(-server.pid, signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    }
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string | (() => string)) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function withAdmin<T>(work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: postgresUrl.toString() });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
