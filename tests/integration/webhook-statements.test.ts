import { randomUUID } from "node:crypto";
import { eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { attempts, jobOutbox, providerEvents } from "@/db/schema";
import { sendgridEvent, twilioCallback, twilioSid, resendEvent } from "@/lib/providers/sandbox/webhook-payloads";
import type { WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { STATUS, statusesThatMayBecome } from "@/lib/status";
import { fallBackJob } from "@/db/queries/outbox-jobs";
import { type FeedbackWrite, writeFeedback } from "@/db/queries/provider-feedback";
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

describe("the feedback write, when another request moved one of its attempts", () => {
  it("leaves that attempt out whole — row, event, fallback job — writes the others, and names it", async () => {
    const [moved, kept] = [twilioSid(), twilioSid()];
    const a = await createAttempt(database.db, { provider: "twilio", providerMessageId: moved, status: STATUS.sent });
    const b = await createAttempt(database.db, { provider: "twilio", providerMessageId: kept, status: STATUS.sent });
    // Both planned against Sent; then another request delivers the first before this write.
    const delivered = PARSERS.twilio({
      text: new URLSearchParams(twilioCallback(moved, "delivered")).toString(),
      headers: new Headers(),
      bodySha256: "1".repeat(64),
    });
    await applyProviderEvents(database.db, delivered);

    const at = new Date();
    const failure = { failureClass: "permanent_recipient" as const, errorCode: "30003", errorMessage: "Unreachable destination handset" };
    const write = (attemptId: string): FeedbackWrite => ({
      attemptId,
      expected: STATUS.sent,
      status: { to: STATUS.failed, allowedFrom: statusesThatMayBecome(STATUS.failed), label: "Undelivered", at, failure },
      milestones: { failedAt: at },
      flags: {},
    });
    const event = (messageId: string, attemptId: string) => ({
      provider: "twilio" as const,
      eventKey: `${messageId}:undelivered`,
      eventType: "undelivered",
      providerMessageId: messageId,
      attemptId,
      mappedStatus: STATUS.failed,
      outcome: "applied" as const,
      occurredAt: at,
      receivedAt: at,
      payload: { MessageSid: messageId, MessageStatus: "undelivered" },
      detail: null,
    });
    const job = (attempt: typeof a) => ({
      ...fallBackJob({
        attemptId: attempt.attemptId,
        communicationId: attempt.communicationId,
        channel: "sms",
        status: STATUS.failed,
        ...failure,
      }),
      attemptId: attempt.attemptId,
    });
    const result = await writeFeedback(database.db, {
      provider: "twilio",
      receivedAt: at,
      events: [event(moved, a.attemptId), event(kept, b.attemptId)],
      writes: [write(a.attemptId), write(b.attemptId)],
      jobs: [job(a), job(b)],
    });

    expect([...result.stale]).toEqual([a.attemptId]);
    expect([...result.storedKeys]).toEqual([`${kept}:undelivered`]);
    expect(result.moved).toBe(1);
    expect((await readAttempt(database.db, a.attemptId)).status).toBe(STATUS.delivered);
    expect((await readCommunication(database.db, a.communicationId)).status).toBe(STATUS.delivered);
    expect((await readAttempt(database.db, b.attemptId)).status).toBe(STATUS.failed);
    expect((await readCommunication(database.db, b.communicationId)).status).toBe(STATUS.failed);
    expect((await eventsOfMessage(database.db, moved)).map((row) => row.eventKey)).toEqual([`${moved}:delivered`]);
    expect(await eventsOfMessage(database.db, kept)).toHaveLength(1);
    const queued = await database.db
      .select({ key: jobOutbox.dedupeKey })
      .from(jobOutbox)
      .where(inArray(jobOutbox.dedupeKey, [`attempt-failed:${a.attemptId}:failed`, `attempt-failed:${b.attemptId}:failed`]));
    expect(queued.map((row) => row.key)).toEqual([`attempt-failed:${b.attemptId}:failed`]);
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
