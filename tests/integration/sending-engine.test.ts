import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { computeContentSha256 } from "@/db/content-hash";
import { setCommunicationIgnored } from "@/db/queries/communications";
import { recordHandover } from "@/db/queries/attempt-writes";
import { insertCommunication } from "@/db/queries/communication-intake";
import { listAttemptFiles } from "@/db/queries/sending-reads";
import { attempts, contactPoints, customerOptOuts } from "@/db/schema";
import { requestSend } from "@/inngest/dispatch";
import { redispatchPendingWork, registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { SANDBOX_MAGIC } from "@/lib/providers/sandbox/scenarios";
import type { SendingDeps } from "@/lib/sending/deps";
import { dryRunBulkSend } from "@/lib/sending/dry-run";
import { resendAttempt } from "@/lib/sending/resend-attempt";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { startCommunication } from "@/lib/sending/start-communication";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { testSecrets } from "../support/provider-requests";
import {
  attemptsOf,
  communicationRow,
  createTestCustomer,
  INVOICE_DATA,
  PARIS_ADDRESS,
  testSendingDeps,
  type TestCustomer,
} from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// The whole loop in one process, as the embedded default runs it: a communication is
// requested → planned → rendered → handed to a sandbox provider, whose signed webhooks go
// through Herald's real route handlers → status → fallback when the channel fails.

let database: TestDatabase;
let secrets: SandboxSecrets;
let deps: SendingDeps;
let handOvers: { attemptId: string; provider: string }[];

beforeAll(async () => {
  stubEmbeddedEnv();
  [database, secrets] = await Promise.all([openTestDatabase(), testSecrets()]);
  provideDatabase(database);
  registerEmbeddedFunctions();
});
beforeEach(() => {
  stubEmbeddedEnv();
  handOvers = [];
  deps = countingHandOvers(testSendingDeps(database.db, secrets));
  provideSendingDeps(deps);
});
afterAll(() => database.close());

async function send(
  customer: TestCustomer,
  extra: { category?: "invoice" | "reminder"; channelOverride?: "sms"; templateData?: Record<string, unknown> } = {},
) {
  const customerId = await createTestCustomer(database.db, customer);
  const communication = await insertCommunication(database.db, {
    customerId,
    subjectType: "invoice",
    subjectRef: `INV-${crypto.randomUUID().slice(0, 8)}`,
    category: extra.category ?? "invoice",
    templateData: extra.templateData ?? INVOICE_DATA,
    channelOverride: extra.channelOverride,
  });
  await requestSend(communication.id);
  return { communicationId: communication.id, customerId };
}

/** Waits until the runner, the sandbox webhooks and the statuses have come to rest. */
async function settle(communicationId: string, expectedAttempts: number) {
  await vi.waitFor(
    async () => {
      await drainLocalRunner();
      await settleSandboxWebhooks();
      const rows = await attemptsOf(database.db, communicationId);
      expect(rows).toHaveLength(expectedAttempts);
      expect(rows.every((row) => !["queued", "accepted", "sent"].includes(row.status) || row.channel === "einvoice")).toBe(true);
    },
    { timeout: 15_000, interval: 50 },
  );
  await drainLocalRunner();
  await settleSandboxWebhooks();
  return attemptsOf(database.db, communicationId);
}

describe("sending engine, embedded", () => {
  it("acceptance: a bounced e-mail ends Failed, the fallback SMS Delivered, and the overview shows the fallback", async () => {
    const { communicationId, customerId } = await send({ email: "bounced@acme.example", mobile: "+33 6 12 34 56 78" });
    const [first, fallback] = await settle(communicationId, 2);

    expect(first).toMatchObject({
      seq: 1,
      kind: "first",
      channel: "email",
      provider: "resend",
      status: "failed",
      statusLabel: "Bounced",
      failureClass: "permanent_recipient",
    });
    expect(first!.errorMessage).toMatch(/bounced/i);
    expect(fallback).toMatchObject({
      seq: 2,
      kind: "fallback",
      repeatsAttemptId: first!.id,
      channel: "sms",
      provider: "twilio",
      recipient: "+33612345678",
      status: "delivered",
      statusLabel: "Delivered",
    });
    expect(await communicationRow(database.db, communicationId)).toMatchObject({ status: "delivered", channel: "sms", attemptCount: 2 });
    const [email] = await database.db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.customerId, customerId))
      .then((rows) => rows.filter((row) => row.channel === "email"));
    expect(email!.invalidAt).not.toBeNull();
    expect(email!.invalidReason).toMatch(/Bounced/);
    // Each attempt was handed over exactly once.
    expect(handOvers.map((h) => h.attemptId)).toEqual([first!.id, fallback!.id]);
  });

  it("snapshots what it sends: content hash and documents are stored with the attempt", async () => {
    const { communicationId } = await send({ postal: PARIS_ADDRESS });
    const [letter] = await settle(communicationId, 1);
    expect(letter).toMatchObject({ channel: "post", provider: "pingen", status: "delivered", recipientPostal: PARIS_ADDRESS });
    expect(letter!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const files = await listAttemptFiles(database.db, { attemptId: letter!.id });
    expect(files.map((file) => file.contentType)).toContain("application/pdf");
    expect(letter!.contentSha256).toBe(computeContentSha256(letter!));
  });

  it("a provider outage is retried with the same idempotency key, then falls back — the address stays valid", async () => {
    const { communicationId, customerId } = await send({ email: "outage@acme.example", postal: PARIS_ADDRESS });
    const [email, letter] = await settle(communicationId, 2);
    expect(email).toMatchObject({ channel: "email", status: "rejected", failureClass: "temporary", retryCount: deps.retry.maxTries - 1 });
    expect(email!.errorMessage).toMatch(/^Provider unavailable — retries exhausted: .* after 3 tries/);
    // An outage is not the address's fault: the label says what happened, not "Dropped".
    expect(email!.statusLabel).toBe("Provider unavailable");
    expect(letter).toMatchObject({ kind: "fallback", channel: "post", status: "delivered" });
    expect(handOvers.filter((h) => h.attemptId === email!.id)).toHaveLength(deps.retry.maxTries);
    const points = await database.db.select().from(contactPoints).where(eq(contactPoints.customerId, customerId));
    expect(points.find((point) => point.channel === "email")!.invalidAt).toBeNull();
  });

  it("a content rejection (e-invoice refused by the buyer's access point) does not fall back", async () => {
    const { communicationId } = await send({
      einvoice: SANDBOX_MAGIC.einvoice.rejected,
      email: "billing@acme.example",
      isPublicSector: true,
    });
    const rows = await settle(communicationId, 1);
    await vi.waitFor(async () => expect((await attemptsOf(database.db, communicationId))[0]!.status).toBe("rejected"), { timeout: 10_000 });
    await drainLocalRunner();
    expect(await attemptsOf(database.db, communicationId)).toHaveLength(1);
    expect(rows[0]).toMatchObject({ channel: "einvoice", provider: "peppol" });
  });

  it("walks the whole plan: undelivered SMS after a bounce, then the letter", async () => {
    const { communicationId } = await send({
      email: "bounced@acme.example",
      mobile: SANDBOX_MAGIC.sms.undelivered,
      postal: PARIS_ADDRESS,
      preferences: [{ category: null, channels: ["email", "sms", "post"] }],
    });
    const rows = await settle(communicationId, 3);
    expect(rows.map((row) => [row.channel, row.status, row.statusLabel])).toEqual([
      ["email", "failed", "Bounced"],
      ["sms", "failed", "Undelivered"],
      ["post", "delivered", "Delivered"],
    ]);
    expect(rows[2]!.repeatsAttemptId).toBe(rows[1]!.id);
  });

  it("no usable channel → one manual_required attempt with the reason; opt-outs are never overridden", async () => {
    const { communicationId } = await send({ email: "billing@acme.example", optOuts: [{ channel: "email", category: null }] });
    const [manual] = await settle(communicationId, 1);
    expect(manual).toMatchObject({ channel: "manual", provider: "manual", status: "manual_required", statusLabel: "Not sent" });
    expect(manual!.errorMessage).toMatch(/opted out/i);
    expect(handOvers).toHaveLength(0);
  });

  it("when the last channel fails too, the chain ends in a manual attempt instead of silence", async () => {
    const { communicationId } = await send({ email: "bounced@acme.example" });
    const rows = await settle(communicationId, 2);
    expect(rows.map((row) => [row.kind, row.channel, row.status])).toEqual([
      ["first", "email", "failed"],
      ["fallback", "manual", "manual_required"],
    ]);
    expect(rows[1]!.errorMessage).toMatch(/No channel left after E-mail failed/);
  });

  it("template data the template refuses: a rejected attempt naming the field, no hand-over, no fallback", async () => {
    const { communicationId } = await send(
      { email: "billing@acme.example", mobile: "+33 6 12 34 56 78" },
      { templateData: { currency: "EUR" } },
    );
    const rows = await settle(communicationId, 1);
    expect(rows[0]).toMatchObject({
      channel: "email",
      status: "rejected",
      failureClass: "permanent_content",
      errorCode: "invalid_template_data",
    });
    expect(rows[0]!.errorMessage).toMatch(/amountCents/);
    expect(handOvers).toHaveLength(0);
  });

  it("bulk dry run: by channel, opted out, no usable contact, manual — and writes nothing", async () => {
    const emailOnly = await send({ email: "billing@acme.example" });
    const smsOnly = await send({ mobile: "+33 6 12 34 56 78" });
    const optedOut = await send({ email: "billing@acme.example" });
    const lostContact = await send({ email: "billing@acme.example" });
    const nothing = await send({});
    for (const { communicationId } of [emailOnly, smsOnly, optedOut, lostContact, nothing]) await settle(communicationId, 1);
    await database.db.insert(customerOptOuts).values({ customerId: optedOut.customerId, channel: "email" });
    await database.db.delete(contactPoints).where(eq(contactPoints.customerId, lostContact.customerId));
    const before = await database.db.select({ id: attempts.id }).from(attempts);

    const ids = [emailOnly, smsOnly, optedOut, lostContact, nothing].map((c) => c.communicationId);
    const summary = await dryRunBulkSend(database.db, { communicationIds: ids });
    expect(summary).toMatchObject({ total: 5, byChannel: { email: 1, sms: 1 }, optedOut: 1, missingContact: 1, manual: 1 });
    expect(summary.examples.map((e) => [e.communicationId, e.problem])).toEqual(
      expect.arrayContaining([
        [optedOut.communicationId, "opted_out"],
        [lostContact.communicationId, "missing_contact"],
        [nothing.communicationId, "manual"],
      ]),
    );
    expect(await database.db.select({ id: attempts.id }).from(attempts)).toHaveLength(before.length);
  });

  it("a resend racing the hand-over of the attempt it repeats never deadlocks (lock order: attempt, then communication)", async () => {
    for (let round = 0; round < 15; round++) {
      const customerId = await createTestCustomer(database.db, { email: "billing@acme.example" });
      const communication = await insertCommunication(database.db, {
        customerId,
        subjectType: "invoice",
        subjectRef: `INV-RACE-${round}`,
        category: "invoice",
        templateData: INVOICE_DATA,
      });
      const started = await startCommunication(deps, communication.id);
      if (started.kind !== "queued") throw new Error("expected a queued attempt");
      await Promise.all([
        recordHandover(database.db, {
          attemptId: started.attemptId,
          at: new Date(),
          outcome: { kind: "accepted", status: "accepted", label: "Accepted", providerMessageId: `race-${crypto.randomUUID()}` },
        }),
        resendAttempt(deps, { attemptId: started.attemptId, createdBy: "Test operator" }),
        setCommunicationIgnored(database.db, { id: communication.id, ignored: true, actor: "Test operator", reason: "race" }),
      ]);
      const rows = await attemptsOf(database.db, communication.id);
      expect(rows.map((row) => [row.kind, row.communicationIgnoredAt !== null])).toEqual([
        ["first", true],
        ["resend", true],
      ]);
    }
  });

  it("resend: the same snapshot to the current contact details, linked to the original", async () => {
    const { communicationId, customerId } = await send({ email: "billing@acme.example" });
    const [original] = await settle(communicationId, 1);
    await database.db.update(contactPoints).set({ address: "accounts@acme.example" }).where(eq(contactPoints.customerId, customerId));
    const resent = await resendAttempt(deps, { attemptId: original!.id, createdBy: "Test operator" });
    const [, copy] = await attemptsOf(database.db, communicationId);
    expect(copy).toMatchObject({
      id: resent.id,
      kind: "resend",
      repeatsAttemptId: original!.id,
      recipient: "accounts@acme.example",
      createdBy: "Test operator",
    });
    expect([copy!.subject, copy!.bodyText, copy!.bodyHtml]).toEqual([original!.subject, original!.bodyText, original!.bodyHtml]);
    expect(copy!.contentSha256).not.toBe(original!.contentSha256);
  });

  it("an attempt left queued is handed over exactly once when pending work is re-dispatched (twice)", async () => {
    const customerId = await createTestCustomer(database.db, { mobile: "+33 6 12 34 56 78" });
    const communication = await insertCommunication(database.db, {
      customerId,
      subjectType: "invoice",
      subjectRef: "INV-LEFT",
      category: "invoice",
      templateData: INVOICE_DATA,
    });
    const started = await startCommunication(deps, communication.id);
    expect(started.kind).toBe("queued");
    const first = await redispatchPendingWork(database.db);
    const second = await redispatchPendingWork(database.db);
    expect(first.attempts).toBeGreaterThanOrEqual(1);
    expect(second.attempts).toBeGreaterThanOrEqual(0);
    const [attempt] = await settle(communication.id, 1);
    expect(attempt!.status).toBe("delivered");
    expect(handOvers.filter((h) => h.attemptId === attempt!.id)).toHaveLength(1);
  });
});

/** Records every hand-over the engine makes, whatever the provider. */
function countingHandOvers(base: SendingDeps): SendingDeps {
  const registry = base.providers;
  return {
    ...base,
    providers: {
      ...registry,
      adapterFor(provider) {
        const adapter = registry.adapterFor(provider);
        return {
          ...adapter,
          send: (message: never, context: { attemptId: string }) => {
            handOvers.push({ attemptId: context.attemptId, provider });
            return adapter.send(message, context as never);
          },
        } as typeof adapter;
      },
    },
  };
}
