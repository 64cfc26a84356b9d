import { eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { claimDueJobs } from "@/db/queries/outbox";
import { insertCommunication } from "@/db/queries/communication-intake";
import { jobOutbox } from "@/db/schema";
import { resumeUnfinishedWork } from "@/inngest/embedded";
import type { HeraldEvent } from "@/inngest/events";
import { drainLocalRunner, runLocally } from "@/inngest/local-runner";
import { drainOutbox, type Publisher } from "@/inngest/outbox";
import { embeddedEngineForFile } from "../support/embedded-engine";
import { attemptsOf, createTestCustomer, INVOICE_DATA } from "../support/sending-harness";

// The transactional outbox under faults: publication failing for the first tries, a
// dispatcher dying between claim and done, an embedded process dying with runs in flight.
// Every job is published until it goes through, and runs exactly once.

const engine = embeddedEngineForFile();

async function newCommunications(count: number): Promise<string[]> {
  const customerId = await createTestCustomer(engine.db, { email: "billing@acme.example" });
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const communication = await insertCommunication(engine.db, {
      customerId,
      subjectType: "invoice",
      subjectRef: `INV-OUTBOX-${crypto.randomUUID().slice(0, 8)}`,
      category: "invoice",
      templateData: INVOICE_DATA,
    });
    ids.push(communication.id);
  }
  return ids;
}

async function liveRows() {
  return engine.db.select().from(jobOutbox).where(isNull(jobOutbox.doneAt));
}

/** Drains with a clock moved ten minutes on each round (past any publication backoff) until nothing is left. */
async function drainUntilEmpty(publisher: Publisher, rounds = 12) {
  let clock = Date.now();
  for (let round = 0; round < rounds && (await liveRows()).length > 0; round++) {
    await drainOutbox(engine.db, { publisher, now: () => new Date(clock) });
    await drainLocalRunner();
    clock += 10 * 60_000;
  }
}

describe("the job outbox", () => {
  it("Inngest refusing the first three publications: every job is published once it goes through, and runs once", async () => {
    const ids = await newCommunications(3);
    let calls = 0;
    const published: HeraldEvent[] = [];
    const publisher: Publisher = {
      kind: "durable",
      send: async (events) => {
        if (++calls <= 3) throw new Error(`Inngest unavailable (call ${calls})`);
        published.push(...events);
      },
    };
    await drainUntilEmpty(publisher);

    expect(calls).toBe(4);
    expect(published.map((event) => event.name)).toEqual(ids.map(() => "herald/communication.requested"));
    expect(published.map((event) => (event.data as { communicationId: string }).communicationId).sort()).toEqual([...ids].sort());
    expect(new Set(published.map((event) => event.id)).size).toBe(3);
    const rows = await engine.db.select().from(jobOutbox);
    expect(rows.filter((row) => ids.includes(String(row.data.communicationId))).map((row) => [row.tries, row.lastError])).toEqual(
      ids.map(() => [4, "Inngest unavailable (call 3)"]),
    );

    // Inngest delivers at least once: each event delivered twice (under another id, so the
    // runner does not take it for a repeat) still makes one attempt and one hand-over.
    for (const event of [...published, ...published.map((event) => ({ ...event, id: `${event.id}-redelivered` }))]) await runLocally(event);
    await drainOutbox(engine.db);
    for (const id of ids) {
      const attempts = await engine.settle(id, 1);
      expect(engine.handOvers.filter((handOver) => handOver.attemptId === attempts[0]!.id)).toHaveLength(1);
    }
  });

  it("embedded runner refusing the first two runs: each communication is planned and handed over exactly once", async () => {
    const ids = await newCommunications(2);
    let refusals = 0;
    const publisher: Publisher = {
      kind: "local",
      run: async (event) => {
        if (refusals++ < 2) throw new Error("runner unavailable");
        return runLocally(event);
      },
    };
    await drainUntilEmpty(publisher);
    await drainOutbox(engine.db);
    for (const id of ids) {
      const attempts = await engine.settle(id, 1);
      expect(attempts[0]!.status).toBe("delivered");
      expect(engine.handOvers.filter((handOver) => handOver.attemptId === attempts[0]!.id)).toHaveLength(1);
    }
    expect(await liveRows()).toEqual([]);
  });

  it("a dispatcher dying between claim and done: another publishes the same rows, under the same event ids, once its lease ran out", async () => {
    const [id] = await newCommunications(1);
    const now = new Date();
    const claimed = await claimDueJobs(engine.db, {
      owner: "dead-dispatcher",
      limit: 100,
      now,
      leaseUntil: new Date(now.getTime() + 60_000),
    });
    const mine = claimed.filter((row) => row.data.communicationId === id);
    expect(mine).toHaveLength(1);

    const published: HeraldEvent[] = [];
    const publisher: Publisher = { kind: "durable", send: async (events) => void published.push(...events) };
    await drainOutbox(engine.db, { publisher, now: () => now });
    expect(published).toEqual([]);
    await drainOutbox(engine.db, { publisher, now: () => new Date(now.getTime() + 61_000) });
    expect(published.map((event) => event.id)).toEqual([`outbox-${mine[0]!.id}`]);
  });

  it("an embedded process dying with runs in flight: the next start releases its jobs and runs them", async () => {
    const [id] = await newCommunications(1);
    const now = new Date();
    await claimDueJobs(engine.db, { owner: "crashed-process", limit: 100, now, leaseUntil: new Date(now.getTime() + 365 * 86_400_000) });
    expect(await attemptsOf(engine.db, id!)).toEqual([]);

    const resumed = await resumeUnfinishedWork(engine.db);
    expect(resumed.released).toBeGreaterThanOrEqual(1);
    await drainOutbox(engine.db);
    const attempts = await engine.settle(id!, 1);
    expect(engine.handOvers.filter((handOver) => handOver.attemptId === attempts[0]!.id)).toHaveLength(1);
    // The communication still had its job (claimed, not done): it was released, not queued twice.
    const rows = await engine.db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.dedupeKey, `communication-requested:${id}`));
    expect(rows.map((row) => [row.tries, row.doneAt !== null])).toEqual([[2, true]]);
  });
});
