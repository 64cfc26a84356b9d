import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { insertCommunication } from "@/db/queries/communication-intake";
import { attempts, communications } from "@/db/schema";
import { publishOutbox } from "@/inngest/outbox";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { readEnv } from "@/lib/env";
import { createProviderRegistry } from "@/lib/providers/registry";
import { RESEND_DATA, resendEvent } from "@/lib/providers/sandbox/webhook-payloads";
import { findStrandedFailures } from "@/lib/reconciliation/stranded-failures";
import { runReconciliation } from "@/lib/reconciliation/run";
import { RECONCILIATION_SLA } from "@/lib/reconciliation/sla";
import type { SendingDeps } from "@/lib/sending/deps";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { receiveProviderWebhook } from "@/lib/webhooks/receive";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { webhookSecrets } from "@/lib/webhooks/verify";
import { createAttempt } from "../support/attempt-factory";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { attemptsOf, createTestCustomer, FAST_RETRY, INVOICE_DATA } from "../support/sending-harness";
import { markJobsRunByHand, queuedFallbackJobs } from "../support/jobs-by-hand";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// The embedded default with every sandbox webhook lost: reconciliation asks the sandbox
// providers' status APIs and the sending loop still completes. And the gap the webhook
// receiver leaves — the failure committed, its herald/attempt.failed lost — is closed:
// the stranded failure is found and falls back, once; what must not fall back is left alone.

let database: TestDatabase;
let secrets: SandboxSecrets;
let deps: SendingDeps;
beforeAll(async () => {
  [database, secrets] = await Promise.all([openTestDatabase(), testSecrets()]);
  provideDatabase(database);
  stubEmbeddedEnv();
  registerEmbeddedFunctions();
});
beforeEach(() => {
  stubEmbeddedEnv();
  // Sandbox providers whose webhooks never arrive.
  deps = { db: database.db, providers: createProviderRegistry(readEnv(), { delayMs: 0, deliver: async () => {} }), retry: FAST_RETRY };
  provideSendingDeps(deps);
});
afterAll(() => database.close());

const MINUTE = 60_000;

async function sendInvoice(customer: { email: string; mobile?: string }) {
  const customerId = await createTestCustomer(database.db, customer);
  const communication = await insertCommunication(database.db, {
    customerId,
    subjectType: "invoice",
    subjectRef: `INV-${crypto.randomUUID().slice(0, 8)}`,
    category: "invoice",
    templateData: INVOICE_DATA,
  });
  await publishOutbox(database.db);
  await drainLocalRunner();
  return communication.id;
}

const reconcile = (now: Date) =>
  runReconciliation(database.db, { providers: deps.providers, publishJobs: () => publishOutbox(database.db), now: () => now });

async function chainOnceSettled(communicationId: string, length: number) {
  await vi.waitFor(
    async () => {
      await drainLocalRunner();
      expect(await attemptsOf(database.db, communicationId)).toHaveLength(length);
    },
    { timeout: 15_000, interval: 50 },
  );
  return attemptsOf(database.db, communicationId);
}

describe("the embedded default, every webhook lost", () => {
  it("reconciles with the sandbox providers: the bounce falls back and the SMS is delivered", async () => {
    const communicationId = await sendInvoice({ email: "bounced@acme.example", mobile: "+33 6 12 34 56 78" });
    const [email] = await attemptsOf(database.db, communicationId);
    expect([email!.provider, email!.status]).toEqual(["resend", "accepted"]);
    const first = await reconcile(new Date(email!.statusAt.getTime() + RECONCILIATION_SLA.email.afterMs + 1_000));
    expect(first.providers.find((row) => row.provider === "resend")).toMatchObject({ checked: 1, moved: 1 });
    const [, sms] = await chainOnceSettled(communicationId, 2);
    expect([sms!.kind, sms!.provider, sms!.status]).toEqual(["fallback", "twilio", "accepted"]);
    await reconcile(new Date(sms!.statusAt.getTime() + RECONCILIATION_SLA.sms.afterMs + 1_000));
    const chain = await attemptsOf(database.db, communicationId);
    expect(chain.map((row) => [row.channel, row.status, row.statusLabel])).toEqual([
      ["email", "failed", "Bounced"],
      ["sms", "delivered", "Delivered"],
    ]);
  });
});

describe("failed attempts whose fallback never ran", () => {
  it("are found once they have waited a few minutes, and fall back once", async () => {
    const communicationId = await sendInvoice({ email: "lost@acme.example", mobile: "+33 6 12 34 56 78" });
    const [email] = await attemptsOf(database.db, communicationId);
    // The bounce is committed with its fallback job; that job is then lost (it gave up its
    // retries, or the failure predates the outbox): nothing waits for it any more.
    const bounce = resendEvent("email.bounced", email!.providerMessageId!, RESEND_DATA["email.bounced"]);
    const request = await signedWebhookRequest("resend", { json: bounce }, { secrets, url: "http://herald.test/api/webhooks/resend" });
    await receiveProviderWebhook("resend", request, { db: database.db, secrets: await webhookSecrets(), publishJobs: async () => {} });
    expect((await queuedFallbackJobs(database.db)).map((job) => job.attemptId)).toContain(email!.id);
    await markJobsRunByHand(database.db);
    await drainLocalRunner();
    expect(await attemptsOf(database.db, communicationId)).toHaveLength(1);

    const now = new Date();
    // A fall-back may still be on its way for a few minutes: not stranded yet.
    expect(await findStrandedFailures(database.db, { now })).toEqual([]);
    const expected = {
      attemptId: email!.id,
      communicationId,
      channel: "email",
      status: "failed",
      failureClass: "permanent_recipient",
      errorCode: "Permanent/General",
      errorMessage: expect.stringContaining("bounced"),
    };
    expect(await findStrandedFailures(database.db, { now: new Date(now.getTime() + 11 * MINUTE) })).toEqual([expected]);
    // A failure of an attempt created more than a week ago is left alone.
    expect(await findStrandedFailures(database.db, { now: new Date(now.getTime() + 8 * 24 * 60 * MINUTE) })).toEqual([]);

    const run = await reconcile(new Date(now.getTime() + 11 * MINUTE));
    expect(run).toMatchObject({ strandedFound: 1, strandedPublished: 1 });
    const chain = await chainOnceSettled(communicationId, 2);
    expect(chain.map((row) => [row.kind, row.channel, row.repeatsAttemptId])).toEqual([
      ["first", "email", null],
      ["fallback", "sms", email!.id],
    ]);
    // Found no more: the fallback is its later attempt.
    expect(await reconcile(new Date(now.getTime() + 20 * MINUTE))).toMatchObject({ strandedFound: 0 });
    await drainLocalRunner();
    expect(await attemptsOf(database.db, communicationId)).toHaveLength(2);
  });

  it("leaves alone content problems, superseded attempts, ignored communications and failures without a class", async () => {
    const failed = async (failureClass: "temporary" | "permanent_recipient" | "permanent_content" | null) => {
      const attempt = await createAttempt(database.db, {
        provider: "twilio",
        providerMessageId: `SM-${crypto.randomUUID()}`,
        status: "failed",
      });
      await database.db.update(attempts).set({ failureClass, errorMessage: "failed" }).where(eq(attempts.id, attempt.attemptId));
      return attempt;
    };
    const temporary = await failed("temporary");
    await failed("permanent_content");
    await failed(null);
    const superseded = await failed("permanent_recipient");
    await createAttempt(database.db, { provider: "twilio", providerMessageId: null, status: "queued", communication: superseded, seq: 2 });
    const ignored = await failed("permanent_recipient");
    await database.db.update(communications).set({ ignoredAt: new Date() }).where(eq(communications.id, ignored.communicationId));

    const found = await findStrandedFailures(database.db, { now: new Date(Date.now() + 11 * MINUTE) });
    expect(found.map((failure) => [failure.attemptId, failure.failureClass])).toEqual([[temporary.attemptId, "temporary"]]);
  });
});
