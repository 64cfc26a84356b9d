import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { providerEvents, webhookRejections } from "@/db/schema";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { createAttempt, createCommunication, eventsOfMessage, readAttempt, readCommunication } from "../support/attempt-factory";
import {
  RESEND_DATA,
  resendEvent,
  SENDGRID_EXTRA,
  sendgridEvent,
  twilioCallback,
  twilioSid,
} from "@/lib/providers/sandbox/webhook-payloads";
import type { WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { WEBHOOK_CASES } from "../support/webhook-cases";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";

let database: TestDatabase;
let secrets: SandboxSecrets;

beforeAll(async () => {
  database = await openTestDatabase();
  provideDatabase(database);
  secrets = await testSecrets();
});
beforeEach(() => stubEmbeddedEnv());
afterAll(() => database.close());

const post = async (provider: WebhookProvider, body: WebhookBody, options: { url?: string; svixId?: string } = {}) =>
  WEBHOOK_ROUTES[provider](await signedWebhookRequest(provider, body, { secrets, ...options }));

describe.each(Object.keys(WEBHOOK_CASES) as WebhookProvider[])("POST /api/webhooks/%s", (provider) => {
  const c = WEBHOOK_CASES[provider];

  it("valid signature → 200, stored, applied to the attempt and its communication", async () => {
    const id = c.messageId();
    const { attemptId, communicationId } = await createAttempt(database.db, { provider, providerMessageId: id });
    const response = await post(provider, c.delivered(id));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ received: 1, applied: 1 });
    const [event] = await eventsOfMessage(database.db, id);
    expect(event).toMatchObject({ outcome: "applied", attemptId, mappedStatus: "delivered" });
    const attempt = await readAttempt(database.db, attemptId);
    expect(attempt.status).toBe("delivered");
    expect(attempt.deliveredAt).toBeInstanceOf(Date);
    expect(await readCommunication(database.db, communicationId)).toMatchObject({ status: "delivered", statusLabel: attempt.statusLabel });
  });

  it("a failure after delivery replaces it, with label, class, code and an actionable message", async () => {
    const id = c.messageId();
    const { attemptId, communicationId } = await createAttempt(database.db, { provider, providerMessageId: id });
    await post(provider, c.delivered(id));
    expect((await post(provider, c.failure(id))).status).toBe(200);
    const attempt = await readAttempt(database.db, attemptId);
    expect([attempt.status, attempt.statusLabel]).toEqual(c.failedAs);
    expect(attempt.failureClass).not.toBeNull();
    expect(attempt.errorMessage).toMatch(/ — /);
    expect(await readCommunication(database.db, communicationId)).toMatchObject({ status: c.failedAs[0], lastError: attempt.errorMessage });
    // Nothing replaces a failure: a late delivery is ignored (Twilio's repeats the event key,
    // so there it is a duplicate).
    const late = await (await post(provider, c.delivered(id))).json();
    expect(late.ignored + late.duplicate).toBe(1);
    expect((await readAttempt(database.db, attemptId)).status).toBe(c.failedAs[0]);
  });

  it("bad or missing signature → 401 with a reason, nothing stored but a counter", async () => {
    const id = c.messageId();
    await createAttempt(database.db, { provider, providerMessageId: id });
    const other = await testSecrets("an-attacker-guessing-the-seed");
    const forged = await signedWebhookRequest(provider, c.delivered(id), { secrets: other });
    const before = await rejectionCount(provider);
    const response = await WEBHOOK_ROUTES[provider](forged);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: { code: "invalid_signature", message: expect.stringMatching(/signature rejected: .+/) },
    });
    const unsigned = new Request(forged.url, { method: "POST", body: "{}", headers: { "content-type": "application/json" } });
    expect((await WEBHOOK_ROUTES[provider](unsigned)).status).toBe(401);
    expect(await eventsOfMessage(database.db, id)).toEqual([]);
    expect(await rejectionCount(provider)).toBe(before + 2);
  });

  it("duplicate → 200, stored once", async () => {
    const id = c.messageId();
    await createAttempt(database.db, { provider, providerMessageId: id });
    const body = c.delivered(id);
    const svixId = `msg_${randomUUID()}`;
    expect((await post(provider, body, { svixId })).status).toBe(200);
    const again = await post(provider, body, { svixId });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ received: 1, duplicate: 1 });
    expect(await eventsOfMessage(database.db, id)).toHaveLength(1);
  });

  it("unknown message id → 200, stored as unknown_message", async () => {
    const id = c.messageId();
    const response = await post(provider, c.delivered(id));
    expect(response.status).toBe(200);
    expect(await eventsOfMessage(database.db, id)).toEqual([
      expect.objectContaining({ outcome: "unknown_message", attemptId: null, detail: expect.stringContaining(id) }),
    ]);
  });
});

describe("limits and edge cases", () => {
  it("oversized body → 413 before any parsing, nothing stored", async () => {
    const huge = `[${" ".repeat(5 * 1024 * 1024)}]`;
    const before = await database.db.select().from(providerEvents);
    const response = await WEBHOOK_ROUTES.sendgrid(new Request("http://herald.test/api/webhooks/sendgrid", { method: "POST", body: huge }));
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "payload_too_large" } });
    expect(await database.db.select().from(providerEvents)).toHaveLength(before.length);
    const [counter] = await database.db.select().from(webhookRejections).where(eq(webhookRejections.reason, "payload_too_large"));
    expect(counter?.count).toBeGreaterThanOrEqual(1);
  });

  it("unrecognised event type → stored as unrecognised, attempt untouched", async () => {
    const id = randomUUID();
    const { attemptId } = await createAttempt(database.db, { provider: "resend", providerMessageId: id });
    await post("resend", { json: resendEvent("email.received", id) });
    expect(await eventsOfMessage(database.db, id)).toEqual([expect.objectContaining({ outcome: "unrecognised", attemptId })]);
    expect((await readAttempt(database.db, attemptId)).status).toBe("accepted");
  });

  it("a verified body Herald cannot read is stored, not dropped", async () => {
    const response = await post("pingen", { text: "not json at all" });
    expect(await response.json()).toMatchObject({ received: 1, unrecognised: 1 });
  });

  it("Twilio behind a proxy verifies against HERALD_PUBLIC_URL", async () => {
    const sid = twilioSid();
    await createAttempt(database.db, { provider: "twilio", providerMessageId: sid });
    const signedForPublic = await signedWebhookRequest(
      "twilio",
      { form: twilioCallback(sid, "sent") },
      {
        secrets,
        url: "https://herald.example.com/api/webhooks/twilio",
      },
    );
    const internal = () =>
      new Request("http://10.0.0.7:3000/api/webhooks/twilio", {
        method: "POST",
        headers: signedForPublic.headers,
        body: signedForPublic.clone().body,
        duplex: "half",
      } as RequestInit);
    expect((await WEBHOOK_ROUTES.twilio(internal())).status).toBe(401);
    stubEmbeddedEnv({ HERALD_PUBLIC_URL: "https://herald.example.com" });
    expect((await WEBHOOK_ROUTES.twilio(internal())).status).toBe(200);
  });

  it("engagement is a flag; an open proves delivery but never undoes a failure", async () => {
    const accepted = randomUUID();
    const bounced = randomUUID();
    const a = await createAttempt(database.db, { provider: "sendgrid", providerMessageId: accepted });
    const b = await createAttempt(database.db, { provider: "sendgrid", providerMessageId: bounced });
    await post("sendgrid", {
      json: [sendgridEvent("bounce", bounced, SENDGRID_EXTRA.bounce), sendgridEvent("open", accepted), sendgridEvent("open", bounced)],
    });
    expect(await readAttempt(database.db, a.attemptId)).toMatchObject({
      status: "delivered",
      statusLabel: "Delivered",
      openedAt: expect.any(Date),
    });
    expect(await readAttempt(database.db, b.attemptId)).toMatchObject({
      status: "failed",
      statusLabel: "Bounced",
      openedAt: expect.any(Date),
    });
  });

  it("only the communication's latest attempt moves its denormalised status", async () => {
    const communication = await createCommunication(database.db);
    const first = randomUUID();
    const resend = randomUUID();
    await createAttempt(database.db, { provider: "resend", providerMessageId: first, communication, seq: 1 });
    await createAttempt(database.db, { provider: "resend", providerMessageId: resend, communication, seq: 2 });
    await post("resend", { json: resendEvent("email.delivered", resend) });
    await post("resend", { json: resendEvent("email.bounced", first, RESEND_DATA["email.bounced"]) });
    expect(await readCommunication(database.db, communication.communicationId)).toMatchObject({ status: "delivered", lastError: null });
  });
});

async function rejectionCount(provider: WebhookProvider): Promise<number> {
  const rows = await database.db.select().from(webhookRejections).where(eq(webhookRejections.provider, provider));
  return rows.reduce((total, row) => total + row.count, 0);
}
