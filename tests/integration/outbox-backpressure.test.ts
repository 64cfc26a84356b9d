import { randomUUID } from "node:crypto";
import { isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueueJobs } from "@/db/queries/outbox";
import { planCommunicationJob } from "@/db/queries/outbox-jobs";
import { jobOutbox } from "@/db/schema";
import { communicationRequested } from "@/inngest/events";
import { drainLocalRunner, registerLocalFunction } from "@/inngest/local-runner";
import { MAX_LOCAL_RUNS, publishOutbox } from "@/inngest/outbox";
import { outboxJobsByKey } from "../support/jobs-by-hand";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Embedded backpressure (inngest/outbox.ts): at most MAX_LOCAL_RUNS runs are held in
// memory, the rest wait in the outbox. When a batch's runs end together, the room they
// leave is claimed in one go — the next batch is a whole one, not one run's place.

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  stubEmbeddedEnv();
});
afterAll(() => database.close());

describe("embedded backpressure", () => {
  it("holds MAX_LOCAL_RUNS runs; a batch that ends makes room for a whole batch, and every row is done once", async () => {
    const extra = 150;
    const ids = Array.from({ length: MAX_LOCAL_RUNS + extra }, () => randomUUID());
    await enqueueJobs(
      database.db,
      ids.map((communicationId) => planCommunicationJob({ communicationId })),
    );
    const batches: number[] = [];
    const held: (() => void)[] = [];
    const unregister = registerLocalFunction({
      id: "held-planning",
      trigger: communicationRequested,
      retries: 0,
      batchEvents: { maxSize: 100, timeout: "60s" },
      handler: async ({ events }) => {
        batches.push(events.length);
        await new Promise<void>((resolve) => held.push(resolve));
      },
    });
    try {
      await publishOutbox(database.db);
      await until(() => batches.length === MAX_LOCAL_RUNS / 100);
      expect(batches).toEqual(Array.from({ length: MAX_LOCAL_RUNS / 100 }, () => 100));
      const waiting = await database.db.select({ id: jobOutbox.id }).from(jobOutbox).where(isNull(jobOutbox.claimedBy));
      expect(waiting).toHaveLength(extra);

      held.shift()!();
      await until(() => batches.length === MAX_LOCAL_RUNS / 100 + 1);
      expect(batches.at(-1)).toBe(100);

      while (batches.length < MAX_LOCAL_RUNS / 100 + 2 || held.length > 0) {
        held.splice(0).forEach((release) => release());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await drainLocalRunner();
      expect(batches.slice(MAX_LOCAL_RUNS / 100)).toEqual([100, extra - 100]);
      const rows = await outboxJobsByKey(
        database.db,
        ids.map((id) => `communication-requested:${id}`),
      );
      expect(rows).toHaveLength(ids.length);
      expect(rows.every((row) => row.doneAt !== null && row.lastError === null)).toBe(true);
    } finally {
      held.splice(0).forEach((release) => release());
      unregister();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
