import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyProviderEvents } from "@/lib/webhooks/apply-provider-events";
import type { ProviderEvent } from "@/lib/webhooks/provider-event";
import { PARSERS } from "@/lib/webhooks/receive";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { sendgridStorm, shuffle, twilioStorm } from "../support/webhook-storms";

// Requests about the same attempts applied at once, each delivered several times (providers
// retry, two instances share one database): every distinct event is stored and applied
// exactly once, whichever request wins, and each attempt ends in the fold of its events.

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const raw = (text: string) => ({ text, headers: new Headers(), bodySha256: randomUUID().replaceAll("-", "") });

/** Applies every request at once; returns how many events the requests together reported as new. */
async function applyAtOnce(requests: ProviderEvent[][]): Promise<number> {
  const results = await Promise.all(requests.map((events) => applyProviderEvents(database.db, events)));
  return results.flatMap((result) => result.events).filter((event) => event.outcome !== "duplicate").length;
}

describe("webhooks about the same attempts, at once", () => {
  it("Twilio callbacks, each three times: every attempt ends in its fold, each event stored once, one fallback per failure", async () => {
    const storm = await twilioStorm(database.db);
    const requests = storm.callbacks.map((form) => PARSERS.twilio(raw(new URLSearchParams(form).toString())));
    const reportedNew = await applyAtOnce(shuffle(requests.flatMap((events) => [events, events, events])));

    expect(reportedNew).toBe(storm.callbacks.length);
    await storm.check();
  });

  it("overlapping SendGrid batches, each twice: delivered and opened, each event stored once", async () => {
    const storm = await sendgridStorm(database.db);
    const parsed = storm.batches.map((batch) => PARSERS.sendgrid(raw(JSON.stringify(batch))));
    const reportedNew = await applyAtOnce(shuffle([...parsed, ...parsed]));

    expect(reportedNew).toBe(storm.events);
    await storm.check();
  });
});
