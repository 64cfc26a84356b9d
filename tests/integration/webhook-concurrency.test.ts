import { randomUUID } from "node:crypto";
import { and, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempts, communications, jobOutbox, providerEvents } from "@/db/schema";
import { sendgridEvent, twilioCallback, twilioSid } from "@/lib/providers/sandbox/webhook-payloads";
import { STATUS } from "@/lib/status";
import { applyProviderEvents } from "@/lib/webhooks/apply-provider-events";
import type { ProviderEvent } from "@/lib/webhooks/provider-event";
import { PARSERS } from "@/lib/webhooks/receive";
import { createAttempt } from "../support/attempt-factory";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// Requests about the same attempts applied at once, each delivered several times (providers
// retry, two instances share one database): every distinct event is stored and applied
// exactly once, whichever request wins, and each attempt ends in the fold of its events.

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const raw = (text: string) => ({ text, headers: new Headers(), bodySha256: randomUUID().replaceAll("-", "") });
const twilio = (sid: string, status: string, code?: string) =>
  PARSERS.twilio(raw(new URLSearchParams(twilioCallback(sid, status, code)).toString()));

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Applies every request at once; returns how many events the requests together reported as new. */
async function applyAtOnce(requests: ProviderEvent[][]): Promise<number> {
  const results = await Promise.all(requests.map((events) => applyProviderEvents(database.db, events)));
  return results.flatMap((result) => result.events).filter((event) => event.outcome !== "duplicate").length;
}

describe("webhooks about the same attempts, at once", () => {
  it("Twilio callbacks, each three times: every attempt ends in its fold, each event stored once, one fallback per failure", async () => {
    const made = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const sid = twilioSid();
        const attempt = await createAttempt(database.db, { provider: "twilio", providerMessageId: sid, status: STATUS.sent });
        return { sid, bounces: i % 2 === 0, ...attempt };
      }),
    );
    const distinct = made.flatMap(({ sid, bounces }) => [
      twilio(sid, "sent"),
      twilio(sid, "delivered"),
      ...(bounces ? [twilio(sid, "undelivered", "30005")] : []),
    ]);
    const reportedNew = await applyAtOnce(shuffle(distinct.flatMap((events) => [events, events, events])));

    expect(reportedNew).toBe(distinct.length);
    const ids = made.map(({ attemptId }) => attemptId);
    const rows = await database.db.select({ id: attempts.id, status: attempts.status }).from(attempts).where(inArray(attempts.id, ids));
    const statusOf = new Map(rows.map((row) => [row.id, row.status]));
    expect(made.map(({ attemptId }) => statusOf.get(attemptId))).toEqual(
      made.map(({ bounces }) => (bounces ? STATUS.failed : STATUS.delivered)),
    );
    const comms = await database.db
      .select({ status: communications.status })
      .from(communications)
      .where(
        inArray(
          communications.id,
          made.map(({ communicationId }) => communicationId),
        ),
      );
    expect(comms.map((row) => row.status).sort()).toEqual(made.map(({ bounces }) => (bounces ? STATUS.failed : STATUS.delivered)).sort());
    const stored = await database.db.select().from(providerEvents).where(inArray(providerEvents.attemptId, ids));
    expect(stored).toHaveLength(distinct.length);
    const jobs = await database.db
      .select()
      .from(jobOutbox)
      .where(
        and(
          like(jobOutbox.dedupeKey, "attempt-failed:%"),
          inArray(
            jobOutbox.dedupeKey,
            ids.map((id) => `attempt-failed:${id}:failed`),
          ),
        ),
      );
    expect(jobs).toHaveLength(made.filter(({ bounces }) => bounces).length);
  });

  it("overlapping SendGrid batches, each twice: delivered and opened, each event stored once", async () => {
    const ids = Array.from({ length: 24 }, () => randomUUID().slice(0, 22));
    const made = await Promise.all(ids.map((id) => createAttempt(database.db, { provider: "sendgrid", providerMessageId: id })));
    const elements = shuffle(ids.flatMap((id) => ["processed", "delivered", "open"].map((kind) => sendgridEvent(kind, id))));
    const batches = Array.from({ length: 6 }, (_, i) => elements.filter((_, index) => index % 6 === i));
    const parsed = batches.map((batch) => PARSERS.sendgrid(raw(JSON.stringify(batch))));
    const reportedNew = await applyAtOnce(shuffle([...parsed, ...parsed]));

    expect(reportedNew).toBe(elements.length);
    const rows = await database.db
      .select({ status: attempts.status, openedAt: attempts.openedAt })
      .from(attempts)
      .where(
        inArray(
          attempts.id,
          made.map(({ attemptId }) => attemptId),
        ),
      );
    expect(rows.filter((row) => row.status === STATUS.delivered && row.openedAt !== null)).toHaveLength(ids.length);
    const stored = await database.db
      .select({ key: providerEvents.eventKey })
      .from(providerEvents)
      .where(
        inArray(
          providerEvents.attemptId,
          made.map(({ attemptId }) => attemptId),
        ),
      );
    expect(new Set(stored.map((row) => row.key)).size).toBe(elements.length);
    expect(stored).toHaveLength(elements.length);
  });
});
