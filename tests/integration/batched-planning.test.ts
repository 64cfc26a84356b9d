import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { drainLocalRunner, registerLocalFunction } from "@/inngest/local-runner";
import { publishOutbox } from "@/inngest/outbox";
import { jobs } from "@/inngest/registry";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { insertCommunication } from "@/db/queries/communication-intake";
import { attempts, communications } from "@/db/schema";
import type { SendingDeps } from "@/lib/sending/deps";
import { sendAgainMany } from "@/lib/sending/send-again";
import { startCommunications } from "@/lib/sending/start-communication";
import { STATUS } from "@/lib/status";
import { markJobsRunByHand, outboxJobsByKey } from "../support/jobs-by-hand";
import { testSecrets } from "../support/provider-requests";
import { attemptsOf, createTestCustomer, INVOICE_DATA, type TestCustomer, testSendingDeps } from "../support/sending-harness";
import { logStatements, type StatementLog } from "../support/statement-log";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Planning in batches (lib/sending/start-communication.ts, lib/sending/send-again.ts): a
// chunk of communications is read in one go and written in one transaction, so what it
// costs the database does not grow with its size — and each communication still gets
// exactly the attempt it would get alone, once, whatever is replayed or runs beside it.

let database: TestDatabase;
let deps: SendingDeps;
let log: StatementLog;

beforeAll(async () => {
  database = await openTestDatabase();
  deps = testSendingDeps(database.db, await testSecrets());
  log = logStatements(database);
  provideDatabase(database);
  provideSendingDeps(deps);
});
afterAll(() => database.close());

async function communication(customer: TestCustomer, extra: { templateData?: Record<string, unknown>; channelOverride?: "einvoice" } = {}) {
  const customerId = await createTestCustomer(database.db, customer);
  const row = await insertCommunication(database.db, {
    customerId,
    subjectType: "invoice",
    subjectRef: `INV-${crypto.randomUUID().slice(0, 8)}`,
    category: "invoice",
    templateData: extra.templateData ?? INVOICE_DATA,
    channelOverride: extra.channelOverride,
  });
  return row.id;
}

const emails = (n: number) => Promise.all(Array.from({ length: n }, (_, i) => communication({ email: `billing-${i}@acme.example` })));

/** The hand-over jobs queued for these attempts. */
const handOverJobsOf = (rows: readonly { id: string }[]) =>
  outboxJobsByKey(
    database.db,
    rows.map((row) => `attempt-queued:${row.id}`),
  );

async function counted<T>(run: () => Promise<T>): Promise<{ result: T; statements: number }> {
  log.reset();
  const result = await run();
  return { result, statements: log.statements.length };
}

describe("planning in batches", () => {
  it("a hundred first attempts cost the statements of ten: read once, written in one transaction", async () => {
    const [small, large] = [await emails(10), await emails(100)];
    const ten = await counted(() => startCommunications(deps, small));
    const hundred = await counted(() => startCommunications(deps, large));
    expect(hundred.result.every((started) => started.kind === "queued")).toBe(true);
    expect(hundred.statements).toBeLessThanOrEqual(ten.statements);
    // Well under the three statements per communication the engine is held to.
    expect(hundred.statements / large.length).toBeLessThan(0.3);

    const rows = await database.db.select().from(attempts).where(inArray(attempts.communicationId, large));
    expect(rows).toHaveLength(100);
    expect(
      rows.every((row) => row.seq === 1 && row.kind === "first" && row.status === STATUS.queued && row.contentSha256.length === 64),
    ).toBe(true);
    const jobs = await handOverJobsOf(rows);
    expect(jobs).toHaveLength(100);
    const followed = await database.db.select().from(communications).where(inArray(communications.id, large));
    expect(followed.every((row) => row.attemptCount === 1 && row.status === STATUS.queued && row.channel === "email")).toBe(true);
    expect(followed.every((row) => row.searchText.includes("@acme.example"))).toBe(true);
    await markJobsRunByHand(database.db);
  });

  it("each communication of a mixed batch gets what it would get alone, and a replay adds nothing", async () => {
    const queued = await communication({ email: "ok@acme.example" });
    const optedOut = await communication({ email: "no@acme.example", optOuts: [{ channel: "email", category: null }] });
    const withoutLines = { ...INVOICE_DATA, lines: undefined };
    const unrenderable = await communication(
      { einvoice: "0088:5790000435975", isPublicSector: true },
      { templateData: withoutLines, channelOverride: "einvoice" },
    );
    const collecting = await communication({ email: "later@acme.example" });
    await database.db.update(communications).set({ collectingData: true }).where(eq(communications.id, collecting));
    const missing = crypto.randomUUID();
    const ids = [queued, optedOut, unrenderable, collecting, missing, queued];

    const started = await startCommunications(deps, ids);
    expect(started.map((result) => result.kind)).toEqual(["queued", "manual", "rejected", "skipped", "skipped", "queued"]);
    expect(started[0]).toEqual(started[5]);
    expect((await attemptsOf(database.db, unrenderable))[0]).toMatchObject({ channel: "einvoice", errorCode: "invalid_template_data" });
    expect((await attemptsOf(database.db, optedOut))[0]).toMatchObject({ channel: "manual", status: STATUS.manual_required });
    expect(await attemptsOf(database.db, collecting)).toEqual([]);

    const again = await startCommunications(deps, ids);
    expect(again.map((result) => result.kind)).toEqual(["skipped", "skipped", "skipped", "skipped", "skipped", "skipped"]);
    for (const id of [queued, optedOut, unrenderable]) expect(await attemptsOf(database.db, id)).toHaveLength(1);
    await markJobsRunByHand(database.db);
  });

  it("two batches over the same communications at once: one first attempt and one hand-over job each", async () => {
    const ids = await emails(30);
    const [one, other] = await Promise.all([startCommunications(deps, ids), startCommunications(deps, [...ids].reverse())]);
    const rows = await database.db.select().from(attempts).where(inArray(attempts.communicationId, ids));
    expect(rows).toHaveLength(30);
    const attemptOf = new Map(rows.map((row) => [row.communicationId, row.id]));
    // Whichever batch wrote it, both report the same attempt (or that it was already started).
    for (const [index, id] of ids.entries()) {
      const answers = [one[index]!, other[ids.length - 1 - index]!].filter((answer) => answer.kind === "queued");
      expect(answers.length).toBeGreaterThan(0);
      for (const answer of answers) expect(answer).toMatchObject({ attemptId: attemptOf.get(id) });
    }
    const jobs = await handOverJobsOf(rows);
    expect(jobs).toHaveLength(30);
    await markJobsRunByHand(database.db);
  });

  it("a fault planning one communication does not hold back the rest; the run again plans it", async () => {
    const fine = await emails(3);
    const faulty = await communication({ mobile: "+33 6 12 34 56 78" });
    let routeStoreDown = true;
    const failing: SendingDeps = {
      ...deps,
      failover: {
        providerFor: async (_db: unknown, channel: string) => {
          if (routeStoreDown && channel === "sms") throw new Error("route store unreachable");
          return undefined;
        },
      } as unknown as SendingDeps["failover"],
    };
    await expect(startCommunications(failing, [fine[0]!, faulty, ...fine.slice(1)])).rejects.toThrow("route store unreachable");
    for (const id of fine) expect(await attemptsOf(database.db, id)).toHaveLength(1);
    expect(await attemptsOf(database.db, faulty)).toEqual([]);

    routeStoreDown = false;
    const retried = await startCommunications(failing, [fine[0]!, faulty, ...fine.slice(1)]);
    expect(retried.map((result) => result.kind)).toEqual(["skipped", "queued", "skipped", "skipped"]);
    expect(await attemptsOf(database.db, faulty)).toMatchObject([{ channel: "sms", status: STATUS.queued }]);
    await markJobsRunByHand(database.db);
  });

  it("a bulk send's chunk: first attempts and resends written together, once per bulk job", async () => {
    const never = await emails(20);
    const sent = await emails(20);
    await startCommunications(deps, sent);
    await database.db
      .update(attempts)
      .set({ status: STATUS.delivered, statusLabel: "Delivered" })
      .where(inArray(attempts.communicationId, sent));
    const bulkJobId = crypto.randomUUID();
    const chunk = [...never, ...sent];

    const { result, statements } = await counted(() => sendAgainMany(deps, { communicationIds: chunk, createdBy: "staff-1", bulkJobId }));
    expect(result.every((answer) => answer.kind === "queued")).toBe(true);
    expect(statements / chunk.length).toBeLessThan(0.5);
    const made = await database.db.select().from(attempts).where(inArray(attempts.communicationId, chunk));
    expect(made.filter((row) => row.kind === "first" && row.meta.bulkJobId === bulkJobId)).toHaveLength(20);
    const resends = made.filter((row) => row.kind === "resend");
    expect(resends).toHaveLength(20);
    expect(resends.every((row) => row.seq === 2 && row.meta.bulkJobId === bulkJobId && row.repeatsAttemptId !== null)).toBe(true);

    // The batch run again (a crash before it was counted): the same attempts, no new ones.
    const replay = await sendAgainMany(deps, { communicationIds: chunk, createdBy: "staff-1", bulkJobId });
    expect(replay).toEqual(result);
    expect(await database.db.select().from(attempts).where(inArray(attempts.communicationId, chunk))).toHaveLength(60);
    await markJobsRunByHand(database.db);
  });

  it("through the outbox and the embedded runner: 200 requests planned in batches, every job row done, under 1 statement each", async () => {
    stubEmbeddedEnv();
    await markJobsRunByHand(database.db);
    const ids = await emails(200);
    // Planning only: the hand-over jobs it queues are claimed and marked done, with nothing registered to run them.
    const unregister = registerLocalFunction(jobs.find((job) => job.id === "send-communication")!);
    try {
      const { statements } = await counted(async () => {
        await publishOutbox(database.db);
        await drainLocalRunner();
      });
      const rows = await database.db.select().from(attempts).where(inArray(attempts.communicationId, ids));
      expect(rows).toHaveLength(200);
      const requested = await outboxJobsByKey(
        database.db,
        ids.map((id) => `communication-requested:${id}`),
      );
      expect(requested.every((row) => row.doneAt !== null && row.lastError === null)).toBe(true);
      expect((await handOverJobsOf(rows)).every((row) => row.doneAt !== null)).toBe(true);
      // Claims, reads and writes per batch; the runs that end together are marked done together.
      expect(statements / ids.length).toBeLessThan(1);
    } finally {
      unregister();
    }
  });
});
