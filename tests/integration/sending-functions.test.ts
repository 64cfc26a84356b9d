import { InngestTestEngine } from "@inngest/test";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { provideDatabase } from "@/db/client";
import { attempts, customerOptOuts, jobOutbox } from "@/db/schema";
import { insertCommunication } from "@/db/queries/communication-intake";
import {
  attemptFailedEvent,
  attemptQueuedEvent,
  bulkSendRequestedEvent,
  communicationRequestedEvent,
  eventFromOutboxRow,
} from "@/inngest/events";
import { insertBulkJob, getBulkJob } from "@/db/queries/bulk-jobs";
import { createProviderRegistry } from "@/lib/providers/registry";
import { readEnv } from "@/lib/env";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { startCommunication } from "@/lib/sending/start-communication";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { FAKE_RESEND_KEY, resendError, resendSendResponse } from "../support/fakes/fake-resend";
import { type FakeHttpServer, startFakeHttpServer } from "../support/fakes/http-fake";
import { inngestFunction } from "../support/inngest-functions";
import { testSecrets } from "../support/provider-requests";
import { attemptsOf, createTestCustomer, FAST_RETRY, INVOICE_DATA, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// The Inngest functions themselves, through @inngest/test: the same workflows as the
// embedded runner, with Inngest's step tools (memoised runs, mocked sleeps). The jobs a
// step calls for are committed to the outbox with its state change (checked here by
// their rows) and published right behind.
// The e-mail provider here is the real Resend adapter against a local fake speaking
// Resend's wire format, so "never sends twice" is checked at the provider.

let database: TestDatabase;
let secrets: SandboxSecrets;
let resend: FakeHttpServer;
/** Resend's answers per request, in order; the fake then answers 200 with the documented body. */
let outage: number;

beforeAll(async () => {
  [database, secrets] = await Promise.all([openTestDatabase(), testSecrets()]);
  provideDatabase(database);
  resend = await startFakeHttpServer((request) => {
    if (request.headers.authorization !== `Bearer ${FAKE_RESEND_KEY}`) return resendError(403, "invalid_api_key", "API key is invalid");
    if (outage > 0) {
      outage--;
      return resendError(503, "internal_server_error", "Service unavailable");
    }
    return { status: 200, json: resendSendResponse };
  });
});
beforeEach(() => {
  stubEmbeddedEnv({ RESEND_API_KEY: FAKE_RESEND_KEY, RESEND_BASE_URL: resend.url });
  resend.requests.length = 0;
  outage = 0;
  const base = testSendingDeps(database.db, secrets);
  // Retry at once: @inngest/test resolves the mocked sleeps immediately, and a retry time
  // still in the future would make the next try wait (another sleep) instead of running.
  const retry = { ...FAST_RETRY, delayMs: () => 0 };
  provideSendingDeps({ ...base, retry, providers: createProviderRegistry(readEnv(), { delayMs: 5, deliver: async () => {} }) });
});
afterAll(() => Promise.all([database.close(), resend.close()]));

/** A communication sent before: its first attempt went out and was delivered. */
async function sentBefore(communicationId: string) {
  await startCommunication(testSendingDeps(database.db, secrets), communicationId);
  await database.db
    .update(attempts)
    .set({ status: "delivered", statusLabel: "Delivered" })
    .where(eq(attempts.communicationId, communicationId));
}

/** The outbox row of a job, by what it is about (db/queries/outbox-jobs.ts). */
async function outboxJob(dedupeKey: string) {
  const rows = await database.db.select().from(jobOutbox).where(eq(jobOutbox.dedupeKey, dedupeKey));
  expect(rows).toHaveLength(1);
  return rows[0]!;
}
// @inngest/test leaves step.sleep pending unless mocked by id: each "wait-N" resolves at once.
const sleepMocks = () => Array.from({ length: FAST_RETRY.maxTries }, (_, round) => ({ id: `wait-${round}`, handler: () => null }));

async function queuedEmail(email = "billing@acme.example", extra: { postal?: typeof PARIS_ADDRESS } = {}) {
  const customerId = await createTestCustomer(database.db, { email, ...extra });
  const communication = await insertCommunication(database.db, {
    customerId,
    subjectType: "invoice",
    subjectRef: `INV-${crypto.randomUUID().slice(0, 8)}`,
    category: "invoice",
    templateData: INVOICE_DATA,
  });
  return communication.id;
}

describe("Inngest functions", () => {
  it("send-communication plans, snapshots the first attempt and queues it for its provider", async () => {
    const communicationId = await queuedEmail();
    const engine = new InngestTestEngine({
      function: inngestFunction("send-communication"),
      events: [communicationRequestedEvent({ communicationId })],
    });
    const { result } = await engine.execute();
    const [attempt] = await attemptsOf(database.db, communicationId);
    expect(result).toEqual([{ kind: "queued", attemptId: attempt!.id, provider: "resend" }]);
    expect(await outboxJob(`attempt-queued:${attempt!.id}`)).toMatchObject({
      eventName: "herald/attempt.queued",
      data: { attemptId: attempt!.id, provider: "resend" },
    });
  });

  it("send-attempt: Resend answers 503 twice → waits twice, the third try is accepted; Resend saw one key, one success", async () => {
    const communicationId = await queuedEmail();
    const started = await startCommunication(
      testSendingDeps(database.db, secrets, { providers: createProviderRegistry(readEnv(), { delayMs: 5, deliver: async () => {} }) }),
      communicationId,
    );
    if (started.kind !== "queued") throw new Error(`expected a queued attempt, got ${started.kind}`);
    outage = 2;
    const engine = new InngestTestEngine({
      function: inngestFunction("send-attempt"),
      events: [attemptQueuedEvent({ attemptId: started.attemptId, provider: "resend" })],
    });
    const { result, ctx } = await engine.execute({ steps: sleepMocks() });
    expect(result).toEqual({ handOver: { kind: "accepted", providerMessageId: resendSendResponse.id } });
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-1", expect.any(Number));
    expect(ctx.step.sleep).not.toHaveBeenCalledWith("wait-2", expect.anything());
    const keys = resend.requests.map((request) => request.headers["idempotency-key"]);
    expect(keys).toEqual([
      `herald-attempt-${started.attemptId}`,
      `herald-attempt-${started.attemptId}`,
      `herald-attempt-${started.attemptId}`,
    ]);
    const [attempt] = await attemptsOf(database.db, communicationId);
    expect(attempt).toMatchObject({
      status: "accepted",
      providerMessageId: resendSendResponse.id,
      retryCount: 2,
      retryAt: null,
      errorMessage: null,
    });

    // Queued again (a duplicate event, a restart): nothing more reaches Resend.
    const again = await new InngestTestEngine({
      function: inngestFunction("send-attempt"),
      events: [attemptQueuedEvent({ attemptId: started.attemptId, provider: "resend" })],
    }).execute();
    expect(again.result).toEqual({ handOver: { kind: "skipped", reason: "already accepted" } });
    expect(resend.requests).toHaveLength(3);
  });

  it("send-attempt: an outage outlasting the retry budget rejects the attempt and queues the fallback job with it", async () => {
    const communicationId = await queuedEmail("billing@acme.example", { postal: PARIS_ADDRESS });
    const started = await startCommunication(
      testSendingDeps(database.db, secrets, { providers: createProviderRegistry(readEnv(), { delayMs: 5, deliver: async () => {} }) }),
      communicationId,
    );
    if (started.kind !== "queued") throw new Error("expected a queued attempt");
    outage = 100;
    const engine = new InngestTestEngine({
      function: inngestFunction("send-attempt"),
      events: [attemptQueuedEvent({ attemptId: started.attemptId, provider: "resend" })],
    });
    const { result } = await engine.execute({ steps: sleepMocks() });
    expect(resend.requests).toHaveLength(FAST_RETRY.maxTries);
    expect(result).toMatchObject({ handOver: { kind: "failed", fallBack: true } });
    const [email] = await attemptsOf(database.db, communicationId);
    expect(email).toMatchObject({ status: "rejected", failureClass: "temporary" });
    const job = await outboxJob(`attempt-failed:${email!.id}:rejected`);
    expect(job.data).toMatchObject({ attemptId: email!.id, communicationId, channel: "email", failureClass: "temporary" });

    // The fallback job, as Inngest delivers it, moves on to the letter.
    const fallBack = await new InngestTestEngine({
      function: inngestFunction("fall-back"),
      events: [await eventFromOutboxRow(job)],
    }).execute();
    const [, letter] = await attemptsOf(database.db, communicationId);
    expect(letter).toMatchObject({ kind: "fallback", channel: "post", status: "queued", repeatsAttemptId: email!.id });
    expect(fallBack.result).toMatchObject({ kind: "queued", attemptId: letter!.id, channel: "post" });
  });

  it("fall-back: a bounce reported later creates the next channel's attempt; a content problem does not", async () => {
    const communicationId = await queuedEmail("billing@acme.example", { postal: PARIS_ADDRESS });
    const deps = testSendingDeps(database.db, secrets);
    const started = await startCommunication(deps, communicationId);
    if (started.kind !== "queued") throw new Error("expected a queued attempt");
    // The bounce as the webhook path writes it (status model: queued → failed is allowed).
    await database.db
      .update(attempts)
      .set({ status: "failed", statusLabel: "Bounced", failureClass: "permanent_recipient", errorMessage: "bounced" })
      .where(eq(attempts.id, started.attemptId));
    const failure = {
      attemptId: started.attemptId,
      communicationId,
      channel: "email" as const,
      status: "failed" as const,
      errorCode: "5.1.1",
      errorMessage: "bounced",
    };

    const content = await new InngestTestEngine({
      function: inngestFunction("fall-back"),
      events: [attemptFailedEvent({ ...failure, failureClass: "permanent_content" })],
    }).execute();
    expect(content.result).toEqual({ kind: "none", reason: "the content needs a fix; no fallback" });
    expect(await attemptsOf(database.db, communicationId)).toHaveLength(1);

    const engine = new InngestTestEngine({
      function: inngestFunction("fall-back"),
      events: [attemptFailedEvent({ ...failure, failureClass: "permanent_recipient" })],
    });
    const { result } = await engine.execute();
    const [, letter] = await attemptsOf(database.db, communicationId);
    expect(result).toEqual({ kind: "queued", attemptId: letter!.id, provider: "pingen", channel: "post" });
    expect((await outboxJob(`attempt-queued:${letter!.id}`)).data).toEqual({ attemptId: letter!.id, provider: "pingen" });
  });

  it("bulk-send fans out in batches: never-sent communications start, sent ones are resent; progress is recorded", async () => {
    const fresh = await queuedEmail();
    const sent = await queuedEmail();
    await sentBefore(sent);
    const optedOut = await createTestCustomer(database.db, { email: "billing@acme.example" });
    const refused = await insertCommunication(database.db, {
      customerId: optedOut,
      subjectType: "invoice",
      subjectRef: "INV-OPT",
      category: "invoice",
      templateData: INVOICE_DATA,
    });
    await sentBefore(refused.id);
    await database.db.insert(customerOptOuts).values({ customerId: optedOut, channel: "email" });

    const job = await insertBulkJob(database.db, { communicationIds: [fresh, sent, refused.id], createdBy: "Test operator" });
    const engine = new InngestTestEngine({
      function: inngestFunction("bulk-send"),
      events: [bulkSendRequestedEvent({ bulkJobId: job.id })],
    });
    const { result } = await engine.execute();
    expect(result).toEqual({ total: 3 });
    expect((await attemptsOf(database.db, fresh)).map((a) => a.kind)).toEqual(["first"]);
    expect((await attemptsOf(database.db, sent)).map((a) => [a.kind, a.createdBy])).toEqual([
      ["first", "system"],
      ["resend", "Test operator"],
    ]);
    expect(await attemptsOf(database.db, refused.id)).toHaveLength(1);
    expect(await getBulkJob(database.db, { id: job.id })).toMatchObject({
      status: "completed",
      total: 3,
      processed: 3,
      succeeded: 2,
      failed: 1,
    });
    const [freshAttempt] = await attemptsOf(database.db, fresh);
    const [, resent] = await attemptsOf(database.db, sent);
    for (const attempt of [freshAttempt!, resent!])
      expect((await outboxJob(`attempt-queued:${attempt.id}`)).eventName).toBe("herald/attempt.queued");

    // Run again (the embedded runner after a crash does not memoise): nothing is sent twice, nothing counted twice.
    await new InngestTestEngine({
      function: inngestFunction("bulk-send"),
      events: [bulkSendRequestedEvent({ bulkJobId: job.id })],
    }).execute();
    expect((await attemptsOf(database.db, fresh)).map((a) => a.kind)).toEqual(["first"]);
    expect((await attemptsOf(database.db, sent)).map((a) => a.kind)).toEqual(["first", "resend"]);
    expect(await getBulkJob(database.db, { id: job.id })).toMatchObject({ processed: 3, succeeded: 2, failed: 1 });
  });

  it("bulk-send resumed in the middle of a batch: the communications it already sent get no second attempt", async () => {
    const done = await queuedEmail();
    const notYet = await queuedEmail();
    const deps = testSendingDeps(database.db, secrets);
    await sentBefore(done);
    const job = await insertBulkJob(database.db, { communicationIds: [done, notYet], createdBy: "Test operator" });
    // The first run died after resending `done` and before counting its batch.
    const { sendAgain } = await import("@/lib/sending/send-again");
    await sendAgain(deps, { communicationId: done, createdBy: "Test operator", bulkJobId: job.id });
    await new InngestTestEngine({
      function: inngestFunction("bulk-send"),
      events: [bulkSendRequestedEvent({ bulkJobId: job.id })],
    }).execute();
    expect((await attemptsOf(database.db, done)).map((a) => a.kind)).toEqual(["first", "resend"]);
    expect((await attemptsOf(database.db, notYet)).map((a) => a.kind)).toEqual(["first"]);
    expect(await getBulkJob(database.db, { id: job.id })).toMatchObject({ processed: 2, succeeded: 2, failed: 0 });
  });
});
