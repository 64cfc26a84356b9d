import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { computeContentSha256 } from "@/db/content-hash";
import { listAttemptFiles } from "@/db/queries/sending-reads";
import { attempts, contactPoints, customerOptOuts } from "@/db/schema";
import { drainLocalRunner } from "@/inngest/local-runner";
import { SANDBOX_MAGIC } from "@/lib/providers/sandbox/scenarios";
import { dryRunBulkSend } from "@/lib/sending/dry-run";
import { embeddedEngineForFile } from "../support/embedded-engine";
import { attemptsOf, communicationRow, PARIS_ADDRESS } from "../support/sending-harness";

// The whole loop in one process, as the embedded default runs it: a communication is
// requested → planned → rendered → handed to a sandbox provider, whose signed webhooks go
// through Herald's real route handlers → status → fallback when the channel fails.
// Resends and re-dispatch are in sending-engine-resend.test.ts.

const engine = embeddedEngineForFile();
const { send, settle } = engine;

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
    expect(await communicationRow(engine.db, communicationId)).toMatchObject({ status: "delivered", channel: "sms", attemptCount: 2 });
    const [email] = await engine.db
      .select()
      .from(contactPoints)
      .where(eq(contactPoints.customerId, customerId))
      .then((rows) => rows.filter((row) => row.channel === "email"));
    expect(email!.invalidAt).not.toBeNull();
    expect(email!.invalidReason).toMatch(/Bounced/);
    // Each attempt was handed over exactly once.
    expect(engine.handOvers.map((h) => h.attemptId)).toEqual([first!.id, fallback!.id]);
  });

  it("snapshots what it sends: content hash and documents are stored with the attempt", async () => {
    const { communicationId } = await send({ postal: PARIS_ADDRESS });
    const [letter] = await settle(communicationId, 1);
    expect(letter).toMatchObject({ channel: "post", provider: "pingen", status: "delivered", recipientPostal: PARIS_ADDRESS });
    expect(letter!.contentSha256).toMatch(/^[0-9a-f]{64}$/);
    const files = await listAttemptFiles(engine.db, { attemptId: letter!.id });
    expect(files.map((file) => file.contentType)).toContain("application/pdf");
    expect(letter!.contentSha256).toBe(computeContentSha256(letter!));
  });

  it("a provider outage is retried with the same idempotency key, then falls back — the address stays valid", async () => {
    const { communicationId, customerId } = await send({ email: "outage@acme.example", postal: PARIS_ADDRESS });
    const [email, letter] = await settle(communicationId, 2);
    expect(email).toMatchObject({
      channel: "email",
      status: "rejected",
      failureClass: "temporary",
      retryCount: engine.deps.retry.maxTries - 1,
    });
    expect(email!.errorMessage).toMatch(/^Provider unavailable — retries exhausted: .* after 3 tries/);
    // An outage is not the address's fault: the label says what happened, not "Dropped".
    expect(email!.statusLabel).toBe("Provider unavailable");
    expect(letter).toMatchObject({ kind: "fallback", channel: "post", status: "delivered" });
    expect(engine.handOvers.filter((h) => h.attemptId === email!.id)).toHaveLength(engine.deps.retry.maxTries);
    const points = await engine.db.select().from(contactPoints).where(eq(contactPoints.customerId, customerId));
    expect(points.find((point) => point.channel === "email")!.invalidAt).toBeNull();
  });

  it("a content rejection (e-invoice refused by the buyer's access point) does not fall back", async () => {
    const { communicationId } = await send({
      einvoice: SANDBOX_MAGIC.einvoice.rejected,
      email: "billing@acme.example",
      isPublicSector: true,
    });
    const rows = await settle(communicationId, 1);
    await vi.waitFor(async () => expect((await attemptsOf(engine.db, communicationId))[0]!.status).toBe("rejected"), { timeout: 10_000 });
    await drainLocalRunner();
    expect(await attemptsOf(engine.db, communicationId)).toHaveLength(1);
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
    expect(engine.handOvers).toHaveLength(0);
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
    expect(engine.handOvers).toHaveLength(0);
  });

  it("bulk dry run: by channel, opted out, no usable contact, manual — and writes nothing", async () => {
    const emailOnly = await send({ email: "billing@acme.example" });
    const smsOnly = await send({ mobile: "+33 6 12 34 56 78" });
    const optedOut = await send({ email: "billing@acme.example" });
    const lostContact = await send({ email: "billing@acme.example" });
    const nothing = await send({});
    for (const { communicationId } of [emailOnly, smsOnly, optedOut, lostContact, nothing]) await settle(communicationId, 1);
    await engine.db.insert(customerOptOuts).values({ customerId: optedOut.customerId, channel: "email" });
    await engine.db.delete(contactPoints).where(eq(contactPoints.customerId, lostContact.customerId));
    const before = await engine.db.select({ id: attempts.id }).from(attempts);

    const ids = [emailOnly, smsOnly, optedOut, lostContact, nothing].map((c) => c.communicationId);
    const summary = await dryRunBulkSend(engine.db, { communicationIds: ids });
    expect(summary).toMatchObject({ total: 5, byChannel: { email: 1, sms: 1 }, optedOut: 1, missingContact: 1, manual: 1 });
    expect(summary.examples.map((e) => [e.communicationId, e.problem])).toEqual(
      expect.arrayContaining([
        [optedOut.communicationId, "opted_out"],
        [lostContact.communicationId, "missing_contact"],
        [nothing.communicationId, "manual"],
      ]),
    );
    expect(await engine.db.select({ id: attempts.id }).from(attempts)).toHaveLength(before.length);
  });
});
