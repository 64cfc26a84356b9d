import { randomUUID } from "node:crypto";
import { eq, inArray, like } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { claimInboxRequests } from "@/db/queries/webhook-inbox";
import { attempts, jobOutbox, providerEvents, webhookInbox, webhookRejections } from "@/db/schema";
import type { WebhookBody } from "@/lib/providers/sandbox/signed-request";
import {
  PEPPOL_EXTRA,
  peppolEvent,
  pingenWebhook,
  RESEND_DATA,
  resendEvent,
  SENDGRID_EXTRA,
  sendgridEvent,
  twilioCallback,
  twilioSid,
} from "@/lib/providers/sandbox/webhook-payloads";
import { STATUS } from "@/lib/status";
import { acceptWebhook, drainWebhookInbox, type InboxDrainOptions } from "@/lib/webhooks/inbox";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { type WebhookProvider, type WebhookSecrets, webhookSecrets } from "@/lib/webhooks/verify";
import { readEnv } from "@/lib/env";
import { createAttempt, eventsOfMessage, readAttempt, readCommunication } from "../support/attempt-factory";
import { signedWebhookRequest, TEST_SANDBOX_SEED, testSecrets } from "../support/provider-requests";
import { logStatements, type StatementLog } from "../support/statement-log";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { WEBHOOK_CASES } from "../support/webhook-cases";
import { sendgridStorm, shuffle, twilioStorm } from "../support/webhook-storms";

// The webhook inbox (lib/webhooks/inbox.ts): a verified request is stored in one statement
// and acknowledged; drains apply it behind, many requests at once, with the rules of a
// request applied on its own — and the same storms as tests/integration/webhook-concurrency.test.ts
// end the same way through it: every distinct event stored and applied once, each attempt
// in the fold of its events, one fallback per failure, nothing left in the inbox.

let database: TestDatabase;
let secrets: SandboxSecrets;
let verifying: WebhookSecrets;
let log: StatementLog;
let published = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  secrets = await testSecrets();
  verifying = await webhookSecrets(readEnv({ HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED }));
  log = logStatements(database);
});
beforeEach(async () => {
  // Each test drains what it stored; an earlier test's leftovers would be applied by its drain.
  await database.db.delete(webhookInbox);
  published = 0;
});
afterAll(() => database.close());

const publishJobs = async () => void published++;
const drain = (options: Partial<InboxDrainOptions> = {}) => drainWebhookInbox(database.db, { publishJobs, ...options });

async function accept(provider: WebhookProvider, body: WebhookBody, options: { svixId?: string; now?: Date } = {}) {
  const url = `http://herald.test/api/webhook-inbox/${provider}`;
  const request = await signedWebhookRequest(provider, body, { secrets, url, svixId: options.svixId });
  return acceptWebhook(provider, request, { db: database.db, secrets: verifying, now: options.now });
}

const inboxRows = () => database.db.select().from(webhookInbox);

describe.each(Object.keys(WEBHOOK_CASES) as WebhookProvider[])("the %s inbox", (provider) => {
  it("stores the verified request in one statement; the drain applies it to the attempt and its communication", async () => {
    const { messageId, delivered: body } = WEBHOOK_CASES[provider];
    const id = messageId();
    const { attemptId, communicationId } = await createAttempt(database.db, { provider, providerMessageId: id });
    const receivedAt = new Date(Date.now() - 5_000);

    log.reset();
    expect(await accept(provider, body(id), { now: receivedAt })).toEqual({ accepted: true });
    expect(log.statements, log.statements.join("\n---\n")).toHaveLength(1);
    expect(await inboxRows()).toHaveLength(1);
    expect((await readAttempt(database.db, attemptId)).status).toBe(STATUS.accepted);

    expect(await drain()).toEqual({ requests: 1, events: 1 });
    expect(await inboxRows()).toEqual([]);
    expect((await readAttempt(database.db, attemptId)).status).toBe(STATUS.delivered);
    expect((await readCommunication(database.db, communicationId)).status).toBe(STATUS.delivered);
    // Stored as received: the request's time, not the drain's.
    const [event] = await eventsOfMessage(database.db, id);
    expect(event).toMatchObject({ outcome: "applied", attemptId });
    const [stored] = await database.db.select().from(providerEvents).where(eq(providerEvents.providerMessageId, id));
    expect(stored!.receivedAt.toISOString()).toBe(receivedAt.toISOString());
  });

  it("refuses a forged request with 401, storing nothing but a counter", async () => {
    const { messageId, delivered: body } = WEBHOOK_CASES[provider];
    const forged = await signedWebhookRequest(provider, body(messageId()), {
      secrets: await testSecrets("an-attacker-guessing-the-seed"),
      url: `http://herald.test/api/webhook-inbox/${provider}`,
    });
    const [before] = await database.db.select().from(webhookRejections).where(eq(webhookRejections.provider, provider));
    await expect(acceptWebhook(provider, forged, { db: database.db, secrets: verifying })).rejects.toMatchObject({
      status: 401,
      code: "invalid_signature",
    });
    expect(await inboxRows()).toEqual([]);
    const [after] = await database.db.select().from(webhookRejections).where(eq(webhookRejections.provider, provider));
    expect(after!.count).toBe((before?.count ?? 0) + 1);
  });
});

describe("applying the inbox", () => {
  it("keeps arrival order within a batch: a failure after delivery wins, a late delivery changes nothing, the fallback is queued", async () => {
    const id = randomUUID();
    const { attemptId, communicationId } = await createAttempt(database.db, { provider: "resend", providerMessageId: id });
    await accept("resend", { json: resendEvent("email.delivered", id) });
    await accept("resend", { json: resendEvent("email.bounced", id, RESEND_DATA["email.bounced"]) });
    await accept("resend", { json: resendEvent("email.delivered", id) });

    expect(await drain()).toEqual({ requests: 3, events: 3 });
    expect(await readAttempt(database.db, attemptId)).toMatchObject({ status: STATUS.failed, statusLabel: "Bounced" });
    expect((await readCommunication(database.db, communicationId)).status).toBe(STATUS.failed);
    expect((await eventsOfMessage(database.db, id)).map((event) => event.outcome)).toEqual(["applied", "applied", "ignored"]);
    const fallbacks = await database.db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.dedupeKey, `attempt-failed:${attemptId}:failed`));
    expect(fallbacks).toHaveLength(1);
    expect(published).toBe(1);
  });

  it("stores what it cannot apply: unknown ids, unrecognised types, unreadable bodies", async () => {
    const unknown = randomUUID();
    const known = randomUUID();
    await createAttempt(database.db, { provider: "resend", providerMessageId: known });
    await accept("resend", { json: resendEvent("email.delivered", unknown) });
    await accept("resend", { json: resendEvent("email.received", known) });
    await accept("pingen", { text: "not json at all" });

    expect(await drain()).toEqual({ requests: 3, events: 3 });
    expect(await eventsOfMessage(database.db, unknown)).toEqual([expect.objectContaining({ outcome: "unknown_message", attemptId: null })]);
    expect(await eventsOfMessage(database.db, known)).toEqual([expect.objectContaining({ outcome: "unrecognised" })]);
    const unreadable = await database.db.select().from(providerEvents).where(like(providerEvents.eventKey, "unreadable:%"));
    expect(unreadable.some((event) => event.provider === "pingen" && event.outcome === "unrecognised")).toBe(true);
  });

  it("a drain that died holding requests leaves them to the next once its lease ends; applying twice changes nothing", async () => {
    const id = twilioSid();
    const { attemptId } = await createAttempt(database.db, { provider: "twilio", providerMessageId: id, status: STATUS.sent });
    await accept("twilio", { form: twilioCallback(id, "delivered") });
    const now = new Date();
    // The dead drain: claimed, never applied, never deleted.
    expect(await claimInboxRequests(database.db, { limit: 10, now, leaseUntil: new Date(now.getTime() + 30_000) })).toHaveLength(1);
    expect(await drain()).toEqual({ requests: 0, events: 0 });
    expect((await readAttempt(database.db, attemptId)).status).toBe(STATUS.sent);

    expect(await drain({ now: () => new Date(now.getTime() + 31_000) })).toEqual({ requests: 1, events: 1 });
    expect((await readAttempt(database.db, attemptId)).status).toBe(STATUS.delivered);
    // The same request again (a provider retry, or a drain that died after applying): a duplicate.
    await accept("twilio", { form: twilioCallback(id, "delivered") });
    await drain();
    expect((await eventsOfMessage(database.db, id)).map((event) => event.outcome)).toEqual(["applied"]);
  });

  it("a burst costs one statement per request on the way in and a few per batch behind it", async () => {
    const made = await Promise.all(
      Array.from({ length: 60 }, async () => {
        const sid = twilioSid();
        return { sid, ...(await createAttempt(database.db, { provider: "twilio", providerMessageId: sid, status: STATUS.sent })) };
      }),
    );
    log.reset();
    await Promise.all(made.map(({ sid }) => accept("twilio", { form: twilioCallback(sid, "delivered") })));
    expect(log.statements).toHaveLength(made.length);

    log.reset();
    expect(await drain({ batchSize: 200 })).toEqual({ requests: 60, events: 60 });
    // Claim, read, write, delete.
    expect(log.statements.length, log.statements.join("\n---\n")).toBeLessThanOrEqual(4);
    const rows = await database.db
      .select({ status: attempts.status })
      .from(attempts)
      .where(
        inArray(
          attempts.id,
          made.map(({ attemptId }) => attemptId),
        ),
      );
    expect(rows.filter((row) => row.status === STATUS.delivered)).toHaveLength(made.length);
  });
});

describe("storms through the inbox, applied by two drains at once", () => {
  it("Twilio callbacks, each three times: every attempt ends in its fold, each event stored once, one fallback per failure", async () => {
    const storm = await twilioStorm(database.db);
    await Promise.all(shuffle(storm.callbacks.flatMap((form) => [form, form, form])).map((form) => accept("twilio", { form })));
    const [first, second] = await Promise.all([drain({ batchSize: 7 }), drain({ batchSize: 7 })]);
    expect(first!.requests + second!.requests).toBe(storm.callbacks.length * 3);
    expect(await inboxRows()).toEqual([]);
    await storm.check();
  });

  it("overlapping SendGrid batches, each twice: delivered and opened, each event stored once", async () => {
    const storm = await sendgridStorm(database.db);
    await Promise.all(shuffle([...storm.batches, ...storm.batches]).map((batch) => accept("sendgrid", { json: batch })));
    await Promise.all([drain({ batchSize: 3 }), drain({ batchSize: 3 })]);
    expect(await inboxRows()).toEqual([]);
    await storm.check();
  });

  it("Peppol and Pingen in one drain: each provider's requests applied with its own parser", async () => {
    const letter = randomUUID();
    const invoice = randomUUID();
    const a = await createAttempt(database.db, { provider: "pingen", providerMessageId: letter });
    const b = await createAttempt(database.db, { provider: "peppol", providerMessageId: invoice });
    await accept("pingen", {
      json: pingenWebhook("webhook_undeliverable", letter, { code: "returned_to_sender", reason: "Addressee unknown" }),
    });
    await accept("peppol", { json: peppolEvent("mls.RE", invoice, PEPPOL_EXTRA["mls.RE"]) });
    await accept("sendgrid", { json: [sendgridEvent("bounce", randomUUID().slice(0, 22), SENDGRID_EXTRA.bounce)] });

    expect(await drain()).toEqual({ requests: 3, events: 3 });
    expect(await readAttempt(database.db, a.attemptId)).toMatchObject({ status: STATUS.failed, statusLabel: "Returned" });
    expect(await readAttempt(database.db, b.attemptId)).toMatchObject({ status: STATUS.rejected, statusLabel: "Rejected" });
  });
});
