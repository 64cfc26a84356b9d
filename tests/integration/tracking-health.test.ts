import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as inngestGET } from "@/app/api/inngest/route";
import { GET } from "@/app/api/tracking-health/route";
import { provideDatabase } from "@/db/client";
import { claimDueJobs, enqueueJobs, markJobsDone, releaseJobs } from "@/db/queries/outbox";
import { insertProviderEvents } from "@/db/queries/provider-events";
import { storeInboxRequest } from "@/db/queries/webhook-inbox";
import { recordWebhookRejection } from "@/db/queries/webhook-rejections";
import { attempts, jobOutbox, webhookInbox } from "@/db/schema";
import { getTrackingHealth } from "@/lib/tracking-health";
import type { AttemptStatus, Provider } from "@/lib/status";
import { createAttempt } from "../support/attempt-factory";
import { signedInStaff } from "../support/staff-sessions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import type { NextRequest } from "next/server";

let database: TestDatabase;
const NOW = new Date("2026-03-10T12:00:00Z");
const HOUR = 3_600_000;

beforeAll(async () => {
  database = await openTestDatabase();
  provideDatabase(database);
  const waiting = async (provider: Provider, status: AttemptStatus, hoursAgo: number) => {
    const { attemptId } = await createAttempt(database.db, { provider, providerMessageId: `${provider}-${status}-${hoursAgo}`, status });
    await database.db
      .update(attempts)
      .set({ statusAt: new Date(NOW.getTime() - hoursAgo * HOUR) })
      .where(eq(attempts.id, attemptId));
  };
  await waiting("resend", "accepted", 3); // stuck: e-mail reports within 2 h
  await waiting("resend", "accepted", 0.5);
  await waiting("resend", "delivered", 100);
  await waiting("twilio", "sent", 7); // stuck
  await waiting("pingen", "sent", 24 * 30); // a posted letter stays Sent: never stuck
  await waiting("pingen", "accepted", 24 * 4); // stuck: not posted after 3 days
  await waiting("chorus_pro", "sent", 24 * 6); // stuck: Chorus Pro reports "made available"
  await waiting("peppol", "sent", 24 * 10); // transmitted without MLS: final, never stuck
  await waiting("peppol", "accepted", 24 * 2); // stuck: not transmitted after a day

  const event = (provider: Provider, key: string, outcome: "applied" | "unknown_message" | "unrecognised", hoursAgo: number) =>
    insertProviderEvents(database.db, [
      {
        provider,
        eventKey: key,
        eventType: "email.delivered",
        providerMessageId: key,
        outcome,
        receivedAt: new Date(NOW.getTime() - hoursAgo * HOUR),
        payload: {},
        detail: outcome === "applied" ? null : `why ${key}`,
      },
    ]);
  await event("resend", "r1", "applied", 5);
  await event("resend", "r2", "unknown_message", 2);
  await event("resend", "r3", "unrecognised", 1);
  await event("sendgrid", "s1", "unknown_message", 3);
  await recordWebhookRejection(database.db, {
    provider: "twilio",
    reason: "invalid_signature",
    detail: "signature does not match",
    at: new Date(NOW.getTime() - HOUR),
  });
  await recordWebhookRejection(database.db, { provider: "twilio", reason: "invalid_signature", detail: "missing header", at: NOW });
});
afterAll(() => database.close());

describe("tracking health", () => {
  it("per provider: last event, stuck attempts, unresolved events, refused requests", async () => {
    const health = await getTrackingHealth(database.db, { now: NOW, unresolvedLimit: 2, configuredProviders: ["resend"] });
    const of = (provider: Provider) => health.providers.find((row) => row.provider === provider)!;
    expect(health.providers.map((row) => row.provider)).toEqual(["resend", "sendgrid", "twilio", "pingen", "peppol", "chorus_pro"]);
    expect(of("resend")).toMatchObject({
      lastEventAt: new Date(NOW.getTime() - HOUR),
      stuckAttempts: 1,
      unknownMessageEvents: 1,
      unrecognisedEvents: 1,
    });
    expect(of("sendgrid")).toMatchObject({ stuckAttempts: 0, unknownMessageEvents: 1, unrecognisedEvents: 0 });
    expect(of("twilio")).toMatchObject({
      lastEventAt: null,
      stuckAttempts: 1,
      rejectedRequests: { invalidSignature: 2, payloadTooLarge: 0, lastAt: NOW, lastDetail: "missing header" },
    });
    expect(health.providers.map((row) => row.webhookConfigured)).toEqual([true, false, false, false, false, false]);
    expect(health.longestStuck).toHaveLength(2);
    expect(of("pingen").stuckAttempts).toBe(1);
    expect(of("chorus_pro").stuckAttempts).toBe(1);
    expect(of("peppol").stuckAttempts).toBe(1);
    expect(health.recentUnresolved.map((row) => [row.provider, row.outcome, row.detail])).toEqual([
      ["resend", "unrecognised", "why r3"],
      ["resend", "unknown_message", "why r2"],
    ]);
  });

  it("jobs: those claimed with a live lease are running, apart from those waiting", async () => {
    const MINUTE = 60_000;
    const ago = (minutes: number) => new Date(NOW.getTime() - minutes * MINUTE);
    const keys = ["running-1", "running-2", "lease-ran-out", "publication-failed", "done"].map((key) => `summary:${key}`);
    await enqueueJobs(
      database.db,
      keys.map((dedupeKey) => ({ eventName: "herald/communication.requested", data: {}, dedupeKey })),
    );
    // Queued ten minutes ago, in this order (claims take the oldest first).
    const rows = await database.db.select({ id: jobOutbox.id }).from(jobOutbox).where(inArray(jobOutbox.dedupeKey, keys));
    const ids = rows.map((row) => row.id).sort((a, b) => a - b);
    for (const [index, id] of ids.entries()) {
      await database.db
        .update(jobOutbox)
        .set({ createdAt: ago(10), availableAt: ago(10 - index * 0.1) })
        .where(eq(jobOutbox.id, id));
    }
    // The embedded runner runs two now (its lease lasts until its run ends).
    await claimDueJobs(database.db, { owner: "runner", limit: 2, now: NOW, leaseUntil: new Date(NOW.getTime() + 365 * 24 * 60 * MINUTE) });
    // A dispatcher that died two minutes ago: its lease has run out, the job is due again.
    await claimDueJobs(database.db, { owner: "dead-dispatcher", limit: 1, now: ago(2), leaseUntil: ago(1) });
    // A publication that failed: handed back, due again in a minute, its error kept.
    await claimDueJobs(database.db, { owner: "dispatcher", limit: 1, now: ago(0.5), leaseUntil: new Date(NOW.getTime() + MINUTE) });
    await releaseJobs(database.db, {
      ids: [ids[3]!],
      owner: "dispatcher",
      retryAt: new Date(NOW.getTime() + MINUTE),
      error: "Inngest unavailable",
    });
    await claimDueJobs(database.db, { owner: "dispatcher", limit: 1, now: NOW, leaseUntil: new Date(NOW.getTime() + MINUTE) });
    await markJobsDone(database.db, { ids: [ids[4]!], owner: "dispatcher", at: NOW });

    const { jobs } = await getTrackingHealth(database.db, { now: NOW, unresolvedLimit: 1 });
    expect(jobs).toEqual({ running: 2, waiting: 2, overdue: 2, failing: 1, oldestWaitingAt: ago(10), lastError: "Inngest unavailable" });
  });

  it("webhook inbox: how many requests wait, since when, and whether for too long", async () => {
    expect((await getTrackingHealth(database.db, { now: NOW, unresolvedLimit: 1 })).webhookInbox).toEqual({
      waiting: 0,
      oldestReceivedAt: null,
      overdue: false,
    });
    const request = { provider: "twilio" as const, body: "MessageSid=SM1", headers: {}, bodySha256: "00" };
    await storeInboxRequest(database.db, { ...request, receivedAt: new Date(NOW.getTime() - 90_000) });
    await storeInboxRequest(database.db, { ...request, receivedAt: new Date(NOW.getTime() - 1_000) });
    expect((await getTrackingHealth(database.db, { now: NOW, unresolvedLimit: 1 })).webhookInbox).toEqual({
      waiting: 2,
      oldestReceivedAt: new Date(NOW.getTime() - 90_000),
      overdue: false,
    });
    const later = new Date(NOW.getTime() + 60_000);
    expect((await getTrackingHealth(database.db, { now: later, unresolvedLimit: 1 })).webhookInbox.overdue).toBe(true);
    await database.db.delete(webhookInbox);
  });

  it("GET /api/tracking-health serves it as JSON to staff and validates the query", async () => {
    stubEmbeddedEnv();
    const headers = { cookie: (await signedInStaff(database.db, "viewer")).cookie };
    const response = await GET(new Request("http://herald.test/api/tracking-health?limit=1", { headers }));
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.providers).toHaveLength(6);
    expect(body.recentUnresolved).toHaveLength(1);
    const bad = await GET(new Request("http://herald.test/api/tracking-health?limit=abc", { headers }));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_query" } });
  });
});

describe("GET /api/inngest", () => {
  it("embedded mode answers 503 explaining that jobs run in-process", async () => {
    stubEmbeddedEnv();
    const response = await inngestGET(new Request("http://herald.test/api/inngest") as NextRequest, {});
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      error: { code: "inngest_not_configured", message: expect.stringContaining("INNGEST_SIGNING_KEY") },
    });
  });

  it("with INNGEST_DEV it is Inngest's own serve() endpoint", async () => {
    stubEmbeddedEnv({ INNGEST_DEV: "1" });
    const response = await inngestGET(new Request("http://herald.test/api/inngest") as NextRequest, {});
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ function_count: 9, mode: "dev" });
  });
});
