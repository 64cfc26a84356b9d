import { InngestTestEngine } from "@inngest/test";
import { count, eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { purgeProviderEvents } from "@/db/queries/provider-events";
import { attempts, communications, providerEvents, rateLimitCounters } from "@/db/schema";
import { PROVIDER_EVENT_RETENTION_DAYS, providerEventRetentionCutoff } from "@/lib/retention";
import { createAttempt, readAttempt } from "../support/attempt-factory";
import { inngestFunction } from "../support/inngest-functions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// Raw provider events older than 62 days go, and rate-limit counters whose window has
// passed; attempts and communications stay. The clock is pinned (only Date is faked, so
// Inngest's own timers still run).

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
  provideDatabase(database);
});
afterEach(() => vi.useRealTimers());
afterAll(() => database.close());

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-06-30T03:30:00Z");

async function seedEvents(attemptId: string, ages: number[]) {
  await database.db.insert(providerEvents).values(
    ages.map((days, index) => ({
      provider: "resend" as const,
      eventKey: `retention-${attemptId}-${index}`,
      eventType: "email.delivered",
      providerMessageId: attemptId,
      attemptId,
      outcome: "applied" as const,
      receivedAt: new Date(NOW.getTime() - days * DAY),
      payload: { days },
    })),
  );
}

const eventsOf = (attemptId: string) =>
  database.db.select({ days: providerEvents.payload }).from(providerEvents).where(eq(providerEvents.attemptId, attemptId));

describe("provider event retention", () => {
  it("the cut-off is exactly 62 days before now", () => {
    expect(PROVIDER_EVENT_RETENTION_DAYS).toBe(62);
    expect(providerEventRetentionCutoff(NOW)).toEqual(new Date("2026-04-29T03:30:00Z"));
  });

  it("the scheduled function deletes events older than 62 days and nothing else", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(NOW);
    const { attemptId, communicationId } = await createAttempt(database.db, {
      provider: "resend",
      providerMessageId: "retention-1",
      status: "delivered",
    });
    await seedEvents(attemptId, [400, 63, 62.001, 61.999, 30, 0]);
    // Rate-limit windows run on the database's clock: one long past, one still open.
    await database.db.insert(rateLimitCounters).values([
      { key: "api:retention-expired", count: 3, resetsAt: sql`now() - interval '1 hour'` },
      { key: "api:retention-open", count: 3, resetsAt: sql`now() + interval '1 hour'` },
    ]);

    const { result } = await new InngestTestEngine({ function: inngestFunction("purge-provider-events") }).execute();
    expect(result).toEqual({ cutoff: "2026-04-29T03:30:00.000Z", deleted: 3, expiredRateLimits: 1 });
    expect((await database.db.select({ key: rateLimitCounters.key }).from(rateLimitCounters)).map((row) => row.key)).toEqual([
      "api:retention-open",
    ]);
    expect((await eventsOf(attemptId)).map((row) => row.days)).toEqual([{ days: 61.999 }, { days: 30 }, { days: 0 }]);

    expect(await readAttempt(database.db, attemptId)).toMatchObject({ status: "delivered" });
    const [communication] = await database.db.select({ n: count() }).from(communications).where(eq(communications.id, communicationId));
    expect(communication?.n).toBe(1);
    const [attempt] = await database.db.select({ n: count() }).from(attempts).where(eq(attempts.id, attemptId));
    expect(attempt?.n).toBe(1);
  });

  it("deletes in batches until a batch comes back short", async () => {
    const { attemptId } = await createAttempt(database.db, { provider: "resend", providerMessageId: "retention-2", status: "delivered" });
    await seedEvents(attemptId, [100, 100, 100, 100, 100, 1]);
    const cutoff = providerEventRetentionCutoff(NOW);
    expect(await purgeProviderEvents(database.db, { receivedBefore: cutoff, batchSize: 2 })).toBe(2);
    expect(await purgeProviderEvents(database.db, { receivedBefore: cutoff, batchSize: 2 })).toBe(2);
    expect(await purgeProviderEvents(database.db, { receivedBefore: cutoff, batchSize: 2 })).toBe(1);
    expect(await purgeProviderEvents(database.db, { receivedBefore: cutoff, batchSize: 2 })).toBe(0);
    expect(await eventsOf(attemptId)).toHaveLength(1);
  });
});
