import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { getAttemptDetail } from "@/db/queries/communication-log";
import { setRouteMode } from "@/db/queries/provider-routes";
import { recordSuppressions } from "@/db/queries/suppressions";
import { attempts, auditEvents, providerHealth, providerRoutes, providerSignals } from "@/db/schema";
import { lateSuccessAfterFailover } from "@/lib/failover/late-success";
import { DEFAULT_FAILOVER_CONFIG, type FailoverConfig } from "@/lib/failover/policy";
import { createProviderRouting, type ProviderRouting } from "@/lib/failover/routing";
import type { SendingDeps } from "@/lib/sending/deps";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { startCommunication } from "@/lib/sending/start-communication";
import { FAILED_OVER_CODE, FAILED_OVER_LABEL } from "@/lib/status";
import { startFakeResend } from "../support/fakes/fake-resend";
import { startFakeSendgrid } from "../support/fakes/fake-sendgrid";
import type { FakeHttpServer } from "../support/fakes/http-fake";
import { markJobsRunByHand, queuedFallbackJobs } from "../support/jobs-by-hand";
import { testSecrets } from "../support/provider-requests";
import { attemptsOf, communicationRow, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import { invoiceFor } from "../support/suppression-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { deliverResendEvent, driveToHandover, fakeEmailRegistry, RESEND_OUTAGE } from "../support/failover-harness";

// Provider failover inside the e-mail channel, with the real Resend and SendGrid adapters
// against local fakes of their APIs: an outage at Resend moves new hand-overs and waiting
// attempts to SendGrid, every message reaches exactly one provider once, traffic comes back
// after the hysteresis window, a provider slow to report is failed over from too, a pinned
// provider never fails over, and two instances share one route.

// Slow: reported after more than max(1 s, 10 × the usual delay).
const SLOW = { minSlowMs: 1_000, slowFactor: 10 };
const CONFIG: FailoverConfig = { ...DEFAULT_FAILOVER_CONFIG, ...SLOW, cacheMs: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let database: TestDatabase;
let resend: Awaited<ReturnType<typeof startFakeResend>>;
let sendgrid: FakeHttpServer;
let secrets: Awaited<ReturnType<typeof testSecrets>>;
let clock: { now: Date };

beforeAll(async () => {
  stubEmbeddedEnv();
  [database, secrets, resend, sendgrid] = await Promise.all([
    openTestDatabase(),
    testSecrets(),
    startFakeResend({ ids: () => `re_${randomUUID()}` }),
    startFakeSendgrid({ ids: () => `sg_${randomUUID()}` }),
  ]);
  // The webhook routes store provider reports in this database.
  provideDatabase(database);
});
beforeEach(async () => {
  await markJobsRunByHand(database.db);
  await database.db.delete(providerRoutes);
  await database.db.delete(providerHealth);
  await database.db.delete(providerSignals);
  resend.respondAlways(null);
  sendgrid.respondAlways(null);
  clock = { now: new Date() };
});
afterAll(() => Promise.all([database.close(), resend.close(), sendgrid.close()]));

function deps(failover: ProviderRouting = createProviderRouting({ email: ["resend", "sendgrid"] }, CONFIG)): SendingDeps {
  return {
    ...testSendingDeps(database.db, secrets),
    providers: fakeEmailRegistry(resend, sendgrid),
    retry: { maxTries: 5, delayMs: () => 30_000 },
    failover,
    now: () => clock.now,
  };
}

async function newCommunication(sending: SendingDeps, email = `billing-${randomUUID().slice(0, 6)}@acme.example`) {
  const { communicationId } = await invoiceFor(database.db, { email, postal: PARIS_ADDRESS });
  const started = await startCommunication(sending, communicationId);
  if (started.kind !== "queued") throw new Error(`expected a queued attempt, got ${started.kind}`);
  return { communicationId, attemptId: started.attemptId };
}

function tick(ms: number) {
  clock.now = new Date(clock.now.getTime() + ms);
}

async function routeRow() {
  const [row] = await database.db.select().from(providerRoutes).where(eq(providerRoutes.channel, "email"));
  return row ?? null;
}

describe("e-mail failover between Resend and SendGrid", () => {
  it("Resend answering 503 to everything: within 3 hand-overs traffic moves to SendGrid, each message taken once", async () => {
    const sending = deps();
    resend.respondAlways(RESEND_OUTAGE);
    const [resendBefore, sendgridBefore] = [resend.requests.length, sendgrid.requests.length];
    const started: { communicationId: string; attemptId: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const communication = await newCommunication(sending);
      started.push(communication);
      const first = await handOverAttempt(sending, communication.attemptId);
      expect(["wait", "accepted"]).toContain(first.kind);
      tick(1_000);
    }
    // The first three went to Resend and failed; the third tipped the route.
    expect(resend.requests.length - resendBefore).toBe(3);
    expect(await routeRow()).toMatchObject({ activeProvider: "sendgrid", mode: "auto" });
    expect((await routeRow())!.switchReason).toMatch(
      /^Resend down: 3 of 3 hand-overs failed in the last 2 min \(last: .+\) — new hand-overs go to SendGrid$/,
    );

    // The waiting three move at their next try (woken at the switch).
    for (const { attemptId } of started.slice(0, 3)) {
      const moved = await driveToHandover(sending, attemptId, tick);
      expect(moved.kind).toBe("accepted");
    }
    expect(resend.requests.length - resendBefore).toBe(3);
    expect(sendgrid.requests.length - sendgridBefore).toBe(8);

    for (const [index, { communicationId }] of started.entries()) {
      const rows = await attemptsOf(database.db, communicationId);
      expect(rows.filter((row) => row.status === "accepted")).toHaveLength(1);
      if (index < 3) {
        const [original, failover] = rows;
        expect(rows).toHaveLength(2);
        expect(original).toMatchObject({
          provider: "resend",
          status: "rejected",
          statusLabel: FAILED_OVER_LABEL,
          errorCode: FAILED_OVER_CODE,
        });
        expect(failover).toMatchObject({
          kind: "failover",
          repeatsAttemptId: original!.id,
          provider: "sendgrid",
          status: "accepted",
          recipient: original!.recipient,
          subject: original!.subject,
          bodyText: original!.bodyText,
          contentSha256: original!.contentSha256,
        });
      } else {
        expect(rows).toMatchObject([{ kind: "first", provider: "sendgrid", status: "accepted" }]);
      }
      expect(await communicationRow(database.db, communicationId)).toMatchObject({ status: "accepted" });
    }
    // A move is not a failure of the channel: nothing fell back to post.
    expect(await queuedFallbackJobs(database.db)).toEqual([]);
  });

  it("Resend recovers: probes test it, and traffic returns only after the hysteresis window", async () => {
    const sending = deps();
    resend.respondAlways(RESEND_OUTAGE);
    for (let i = 0; i < 3; i++) {
      await handOverAttempt(sending, (await newCommunication(sending)).attemptId);
      tick(1_000);
    }
    expect((await routeRow())?.activeProvider).toBe("sendgrid");
    const switchedAt = clock.now.getTime();
    resend.respondAlways(null);

    const providersOfNewMessages: string[] = [];
    for (let second = 10; second <= 150; second += 10) {
      clock.now = new Date(switchedAt + second * 1_000);
      const { attemptId } = await newCommunication(sending);
      const [row] = await database.db.select().from(attempts).where(eq(attempts.id, attemptId));
      providersOfNewMessages.push(`${second}:${row!.provider}`);
      expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "accepted" });
      const route = await routeRow();
      // Three probes taken in a row by 90 s, yet failed over until 2 minutes have passed.
      if (second < 120) expect(route?.activeProvider, `at ${second} s`).toBe("sendgrid");
    }
    expect(await routeRow()).toMatchObject({ activeProvider: null });
    expect((await routeRow())!.switchReason).toMatch(/^Resend recovered: \d+ hand-overs in a row taken — back from SendGrid$/);
    // One probe every 30 s, SendGrid otherwise, Resend again once recovered.
    expect(providersOfNewMessages).toEqual([
      "10:sendgrid",
      "20:sendgrid",
      "30:resend",
      "40:sendgrid",
      "50:sendgrid",
      "60:resend",
      "70:sendgrid",
      "80:sendgrid",
      "90:resend",
      "100:sendgrid",
      "110:sendgrid",
      "120:resend",
      "130:resend",
      "140:resend",
      "150:resend",
    ]);
  });

  it("Resend slow to report (10× its usual delay): degraded, then new hand-overs go to SendGrid", async () => {
    // Real time: the report delay is measured from hand-over to the webhook's arrival.
    const sending = { ...deps(), now: () => new Date() };
    // Usually: Resend reports an e-mail about 100 ms after taking it.
    for (let i = 0; i < 3; i++) {
      const { attemptId } = await newCommunication(sending);
      expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "accepted" });
      const [row] = await database.db.select().from(attempts).where(eq(attempts.id, attemptId));
      await sleep(100);
      await deliverResendEvent(secrets, "email.sent", row!, new Date());
    }
    await sending.failover!.assess(database.db, "email", new Date());
    const [learnt] = await database.db.select().from(providerHealth).where(eq(providerHealth.provider, "resend"));
    expect(learnt?.state).toBe("healthy");
    expect(learnt?.usualFeedbackMs).toBeGreaterThanOrEqual(100);
    const slowAfter = Math.max(SLOW.minSlowMs, SLOW.slowFactor * learnt!.usualFeedbackMs!);

    // Then it takes messages and says nothing for longer than its slow threshold.
    for (let i = 0; i < 3; i++) {
      expect(await handOverAttempt(sending, (await newCommunication(sending)).attemptId)).toMatchObject({ kind: "accepted" });
    }
    expect((await routeRow())?.activeProvider ?? null).toBeNull();
    await sleep(slowAfter + 200);
    const { attemptId } = await newCommunication(sending);
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "accepted" });
    const [health] = await database.db.select().from(providerHealth).where(eq(providerHealth.provider, "resend"));
    expect(health).toMatchObject({ state: "degraded" });
    expect(health!.reason).toMatch(/^3 of 6 recent messages reported after more than \d+\.\d s \(usually \d\.\d s\)$/);
    expect(await routeRow()).toMatchObject({ activeProvider: "sendgrid" });
    const next = await newCommunication(sending);
    const [row] = await database.db.select().from(attempts).where(eq(attempts.id, next.attemptId));
    expect(row!.provider).toBe("sendgrid");
  });

  it("a pinned provider never fails over, and the pin is audited", async () => {
    const sending = deps();
    await setRouteMode(database.db, {
      channel: "email",
      mode: "pinned",
      pinnedProvider: "resend",
      actor: "Ada <ada@helios.example>",
      at: clock.now,
    });
    resend.respondAlways(RESEND_OUTAGE);
    const sendgridBefore = sendgrid.requests.length;
    for (let i = 0; i < 5; i++) {
      expect(await handOverAttempt(sending, (await newCommunication(sending)).attemptId)).toMatchObject({ kind: "wait" });
      tick(1_000);
    }
    expect(await routeRow()).toMatchObject({ mode: "pinned", pinnedProvider: "resend", activeProvider: null });
    expect(sendgrid.requests.length).toBe(sendgridBefore);
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.action, "provider_route.changed"));
    expect(audit.at(-1)).toMatchObject({ actorId: "Ada <ada@helios.example>", targetId: "email" });
    expect(audit.at(-1)!.data).toMatchObject({ after: { mode: "pinned", pinnedProvider: "resend" } });
  });

  it("two instances share one route: what one learns, the other routes by", async () => {
    const [first, second] = [deps(), deps()];
    resend.respondAlways(RESEND_OUTAGE);
    const waiting = await newCommunication(second);
    expect(await handOverAttempt(second, waiting.attemptId)).toMatchObject({ kind: "wait" });
    for (let i = 0; i < 2; i++) {
      tick(1_000);
      expect(await handOverAttempt(first, (await newCommunication(first)).attemptId)).toMatchObject({ kind: "wait" });
    }
    expect((await routeRow())?.activeProvider).toBe("sendgrid");
    // The second instance: new messages go to SendGrid, and its waiting attempt moves.
    const created = await newCommunication(second);
    const [row] = await database.db.select().from(attempts).where(eq(attempts.id, created.attemptId));
    expect(row!.provider).toBe("sendgrid");
    expect(await handOverAttempt(second, waiting.attemptId)).toMatchObject({ kind: "moved", provider: "sendgrid" });
  });

  it("a failover never reaches a suppressed address, and a late report from Resend is kept as a possible duplicate", async () => {
    const sending = deps();
    resend.respondAlways(RESEND_OUTAGE);
    const suppressed = `gone-${randomUUID().slice(0, 6)}@acme.example`;
    const blocked = await newCommunication(sending, suppressed);
    const late = await newCommunication(sending);
    expect(await handOverAttempt(sending, blocked.attemptId)).toMatchObject({ kind: "wait" });
    expect(await handOverAttempt(sending, late.attemptId)).toMatchObject({ kind: "wait" });
    await recordSuppressions(database.db, [
      { channel: "email", address: suppressed, kind: "unsubscribed", provider: "resend", eventType: "email.unsubscribed", detail: "test" },
    ]);
    await handOverAttempt(sending, (await newCommunication(sending)).attemptId);
    expect((await routeRow())?.activeProvider).toBe("sendgrid");
    const sendgridBefore = sendgrid.requests.length;

    // Suppressed while it waited: refused at its own hand-over, before anything moved.
    expect(await driveToHandover(sending, blocked.attemptId, tick)).toMatchObject({ kind: "failed" });
    expect(await attemptsOf(database.db, blocked.communicationId)).toMatchObject([
      { provider: "resend", status: "rejected", errorCode: "suppressed" },
    ]);
    expect(sendgrid.requests.length).toBe(sendgridBefore);

    // Moved and taken by SendGrid; then Resend reports the first one delivered after all.
    expect(await driveToHandover(sending, late.attemptId, tick)).toMatchObject({ kind: "accepted" });
    const [original] = await attemptsOf(database.db, late.communicationId);
    await deliverResendEvent(secrets, "email.delivered", original!, clock.now);
    const detail = await getAttemptDetail(database.db, { id: original!.id });
    expect(detail!.attempt).toMatchObject({ status: "rejected", errorCode: FAILED_OVER_CODE });
    expect(lateSuccessAfterFailover(detail!.attempt, detail!.events)).toBe("delivered");
  });
});
