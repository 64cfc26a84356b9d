import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { attempts, jobOutbox, providerEvents } from "@/db/schema";
import { sendgridEvent, twilioCallback, twilioSid, resendEvent } from "@/lib/providers/sandbox/webhook-payloads";
import type { WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { STATUS } from "@/lib/status";
import { applyProviderEvents } from "@/lib/webhooks/apply-provider-events";
import { PARSERS } from "@/lib/webhooks/receive";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { createAttempt, eventsOfMessage, readAttempt, readCommunication } from "../support/attempt-factory";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { logStatements, type StatementLog } from "../support/statement-log";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";

// What one webhook costs the database, counted at the driver (tests/support/statement-log.ts):
// store-then-apply takes at most three statements per event, transaction control included,
// and a SendGrid batch is applied set-based — its statements do not grow with its events.

let database: TestDatabase;
let secrets: SandboxSecrets;
let log: StatementLog;

beforeAll(async () => {
  database = await openTestDatabase();
  provideDatabase(database);
  secrets = await testSecrets();
  log = logStatements(database);
});
beforeEach(() => stubEmbeddedEnv());
afterAll(() => database.close());

const post = async (provider: WebhookProvider, body: WebhookBody) =>
  WEBHOOK_ROUTES[provider](await signedWebhookRequest(provider, body, { secrets }));

/** The statements `run` sends, with the run's result. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  log.reset();
  const result = await run();
  return { result, statements: [...log.statements] };
}

describe("statements per webhook event", () => {
  it.each([
    ["twilio", twilioSid, (id: string) => ({ form: twilioCallback(id, "delivered") })],
    ["resend", randomUUID, (id: string) => ({ json: resendEvent("email.delivered", id) })],
  ] as const)("one %s delivery: stored and applied in at most 3 statements", async (provider, messageId, delivered) => {
    const id = messageId();
    const attempt = await createAttempt(database.db, { provider, providerMessageId: id, status: STATUS.sent });
    const { result: response, statements } = await counted(() => post(provider, delivered(id)));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 1, applied: 1 });
    expect(statements.length, statements.join("\n---\n")).toBeLessThanOrEqual(3);
    expect((await readAttempt(database.db, attempt.attemptId)).status).toBe(STATUS.delivered);
    expect((await readCommunication(database.db, attempt.communicationId)).status).toBe(STATUS.delivered);
    expect(await eventsOfMessage(database.db, id)).toHaveLength(1);
  });

  it("a 300-event SendGrid batch: at most 3 statements for the whole batch", async () => {
    const ids = Array.from({ length: 100 }, () => randomUUID().slice(0, 22));
    const made = await Promise.all(ids.map((id) => createAttempt(database.db, { provider: "sendgrid", providerMessageId: id })));
    const events = ids.flatMap((id) => ["processed", "delivered", "open"].map((kind) => sendgridEvent(kind, id)));
    events.sort(() => Math.random() - 0.5);
    const { result: response, statements } = await counted(() => post("sendgrid", { json: events }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 300, duplicate: 0, unknown_message: 0, unrecognised: 0 });
    expect(statements.length, statements.join("\n---\n")).toBeLessThanOrEqual(3);
    const rows = await database.db
      .select({ status: attempts.status, openedAt: attempts.openedAt })
      .from(attempts)
      .where(
        inArray(
          attempts.id,
          made.map((attempt) => attempt.attemptId),
        ),
      );
    expect(rows.filter((row) => row.status === STATUS.delivered && row.openedAt !== null)).toHaveLength(100);
    const stored = await database.db
      .select({ key: providerEvents.eventKey })
      .from(providerEvents)
      .where(eq(providerEvents.provider, "sendgrid"));
    expect(stored.length).toBeGreaterThanOrEqual(300);
  });

  it("events that change nothing leave the attempt's row as it was, and are stored all the same", async () => {
    const id = randomUUID().slice(0, 22);
    const attempt = await createAttempt(database.db, { provider: "sendgrid", providerMessageId: id });
    const first = await post("sendgrid", { json: [sendgridEvent("open", id)] });
    expect(await first.json()).toMatchObject({ received: 1, applied: 1 });
    const version = () => rowVersion(attempt.attemptId);
    const before = await version();
    // Processed and delivered come after the open that proved delivery; a second, later open
    // keeps the first one's time.
    const later = { timestamp: Math.floor(Date.now() / 1000) + 60 };
    const events = [sendgridEvent("processed", id), sendgridEvent("delivered", id), sendgridEvent("open", id, later)];
    const response = await post("sendgrid", { json: events });
    expect(await response.json()).toMatchObject({ received: 3, applied: 1, ignored: 2 });
    expect(await version()).toBe(before);
    const row = await readAttempt(database.db, attempt.attemptId);
    expect(row.status).toBe(STATUS.delivered);
    expect(row.openedAt!.getTime()).toBeLessThan(later.timestamp * 1000);
    expect(await eventsOfMessage(database.db, id)).toHaveLength(4);
  });

  it("a failure queues its fallback job in the same statements", async () => {
    const id = twilioSid();
    const attempt = await createAttempt(database.db, { provider: "twilio", providerMessageId: id, status: STATUS.sent });
    const form = new URLSearchParams(twilioCallback(id, "undelivered", "30003")).toString();
    const events = PARSERS.twilio({ text: form, headers: new Headers(), bodySha256: "0".repeat(64) });
    const { result, statements } = await counted(() => applyProviderEvents(database.db, events));
    expect(result.failures).toHaveLength(1);
    expect(statements.length, statements.join("\n---\n")).toBeLessThanOrEqual(3);
    expect((await readAttempt(database.db, attempt.attemptId)).status).toBe(STATUS.failed);
    const jobs = await database.db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.dedupeKey, `attempt-failed:${attempt.attemptId}:failed`));
    expect(jobs).toHaveLength(1);
  });
});

/** The row version Postgres gives the attempt: it changes with every write, even one that changes no value. */
async function rowVersion(attemptId: string): Promise<string> {
  const [row] = await database.db
    .select({ version: sql<string>`${attempts}.xmin::text` })
    .from(attempts)
    .where(eq(attempts.id, attemptId));
  return row!.version;
}
