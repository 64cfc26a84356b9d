import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getAttemptDetail } from "@/db/queries/communication-log";
import { setRouteMode } from "@/db/queries/provider-routes";
import { recordSuppressions } from "@/db/queries/suppressions";
import { attempts, auditEvents, providerHealth } from "@/db/schema";
import { lateSuccessAfterFailover } from "@/lib/failover/late-success";
import { DEFAULT_FAILOVER_CONFIG, type FailoverConfig } from "@/lib/failover/policy";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { FAILED_OVER_CODE, FAILED_OVER_LABEL } from "@/lib/status";
import { queuedFallbackJobs } from "../support/jobs-by-hand";
import { attemptsOf, communicationRow } from "../support/sending-harness";
import { failoverWorld } from "../support/failover-world";
import { deliverResendEvent, driveToHandover, RESEND_OUTAGE } from "../support/failover-harness";

// Provider failover inside the e-mail channel, with the real Resend and SendGrid adapters
// against local fakes of their APIs: an outage at Resend moves new hand-overs and waiting
// attempts to SendGrid, every message reaches exactly one provider once, traffic comes back
// after the hysteresis window, a provider slow to report is failed over from too, a pinned
// provider never fails over, and two instances share one route.

// Slow: reported after more than max(1 s, 10 × the usual delay).
const SLOW = { minSlowMs: 1_000, slowFactor: 10 };
const CONFIG: FailoverConfig = { ...DEFAULT_FAILOVER_CONFIG, ...SLOW, cacheMs: 0 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const world = failoverWorld(CONFIG);
const { deps, newCommunication, tick, routeRow } = world;

describe("e-mail failover between Resend and SendGrid", () => {
  it("Resend answering 503 to everything: within 3 hand-overs traffic moves to SendGrid, each message taken once", async () => {
    const sending = deps();
    world.resend.respondAlways(RESEND_OUTAGE);
    const [resendBefore, sendgridBefore] = [world.resend.requests.length, world.sendgrid.requests.length];
    const started: { communicationId: string; attemptId: string }[] = [];
    for (let i = 0; i < 8; i++) {
      const communication = await newCommunication(sending);
      started.push(communication);
      const first = await handOverAttempt(sending, communication.attemptId);
      expect(["wait", "accepted"]).toContain(first.kind);
      tick(1_000);
    }
    // The first three went to Resend and failed; the third tipped the route.
    expect(world.resend.requests.length - resendBefore).toBe(3);
    expect(await routeRow()).toMatchObject({ activeProvider: "sendgrid", mode: "auto" });
    expect((await routeRow())!.switchReason).toMatch(
      /^Resend down: 3 of 3 hand-overs failed in the last 2 min \(last: .+\) — new hand-overs go to SendGrid$/,
    );

    // The waiting three move at their next try (woken at the switch).
    for (const { attemptId } of started.slice(0, 3)) {
      const moved = await driveToHandover(sending, attemptId, tick);
      expect(moved.kind).toBe("accepted");
    }
    expect(world.resend.requests.length - resendBefore).toBe(3);
    expect(world.sendgrid.requests.length - sendgridBefore).toBe(8);

    for (const [index, { communicationId }] of started.entries()) {
      const rows = await attemptsOf(world.database.db, communicationId);
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
      expect(await communicationRow(world.database.db, communicationId)).toMatchObject({ status: "accepted" });
    }
    // A move is not a failure of the channel: nothing fell back to post.
    expect(await queuedFallbackJobs(world.database.db)).toEqual([]);
  });

  it("Resend recovers: probes test it, and traffic returns only after the hysteresis window", async () => {
    const sending = deps();
    world.resend.respondAlways(RESEND_OUTAGE);
    for (let i = 0; i < 3; i++) {
      await handOverAttempt(sending, (await newCommunication(sending)).attemptId);
      tick(1_000);
    }
    expect((await routeRow())?.activeProvider).toBe("sendgrid");
    const switchedAt = world.clock.now.getTime();
    world.resend.respondAlways(null);

    const providersOfNewMessages: string[] = [];
    for (let second = 10; second <= 150; second += 10) {
      world.clock.now = new Date(switchedAt + second * 1_000);
      const { attemptId } = await newCommunication(sending);
      const [row] = await world.database.db.select().from(attempts).where(eq(attempts.id, attemptId));
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
      const [row] = await world.database.db.select().from(attempts).where(eq(attempts.id, attemptId));
      await sleep(100);
      await deliverResendEvent(world.secrets, "email.sent", row!, new Date());
    }
    await sending.failover!.assess(world.database.db, "email", new Date());
    const [learnt] = await world.database.db.select().from(providerHealth).where(eq(providerHealth.provider, "resend"));
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
    const [health] = await world.database.db.select().from(providerHealth).where(eq(providerHealth.provider, "resend"));
    expect(health).toMatchObject({ state: "degraded" });
    expect(health!.reason).toMatch(/^3 of 6 recent messages reported after more than \d+\.\d s \(usually \d\.\d s\)$/);
    expect(await routeRow()).toMatchObject({ activeProvider: "sendgrid" });
    const next = await newCommunication(sending);
    const [row] = await world.database.db.select().from(attempts).where(eq(attempts.id, next.attemptId));
    expect(row!.provider).toBe("sendgrid");
  });

  it("a pinned provider never fails over, and the pin is audited", async () => {
    const sending = deps();
    await setRouteMode(world.database.db, {
      channel: "email",
      mode: "pinned",
      pinnedProvider: "resend",
      actor: "Ada <ada@helios.example>",
      at: world.clock.now,
    });
    world.resend.respondAlways(RESEND_OUTAGE);
    const sendgridBefore = world.sendgrid.requests.length;
    for (let i = 0; i < 5; i++) {
      expect(await handOverAttempt(sending, (await newCommunication(sending)).attemptId)).toMatchObject({ kind: "wait" });
      tick(1_000);
    }
    expect(await routeRow()).toMatchObject({ mode: "pinned", pinnedProvider: "resend", activeProvider: null });
    expect(world.sendgrid.requests.length).toBe(sendgridBefore);
    const audit = await world.database.db.select().from(auditEvents).where(eq(auditEvents.action, "provider_route.changed"));
    expect(audit.at(-1)).toMatchObject({ actorId: "Ada <ada@helios.example>", targetId: "email" });
    expect(audit.at(-1)!.data).toMatchObject({ after: { mode: "pinned", pinnedProvider: "resend" } });
  });

  it("two instances share one route: what one learns, the other routes by", async () => {
    const [first, second] = [deps(), deps()];
    world.resend.respondAlways(RESEND_OUTAGE);
    const waiting = await newCommunication(second);
    expect(await handOverAttempt(second, waiting.attemptId)).toMatchObject({ kind: "wait" });
    for (let i = 0; i < 2; i++) {
      tick(1_000);
      expect(await handOverAttempt(first, (await newCommunication(first)).attemptId)).toMatchObject({ kind: "wait" });
    }
    expect((await routeRow())?.activeProvider).toBe("sendgrid");
    // The second instance: new messages go to SendGrid, and its waiting attempt moves.
    const created = await newCommunication(second);
    const [row] = await world.database.db.select().from(attempts).where(eq(attempts.id, created.attemptId));
    expect(row!.provider).toBe("sendgrid");
    expect(await handOverAttempt(second, waiting.attemptId)).toMatchObject({ kind: "moved", provider: "sendgrid" });
  });

  it("a failover never reaches a suppressed address, and a late report from Resend is kept as a possible duplicate", async () => {
    const sending = deps();
    world.resend.respondAlways(RESEND_OUTAGE);
    const suppressed = `gone-${randomUUID().slice(0, 6)}@acme.example`;
    const blocked = await newCommunication(sending, suppressed);
    const late = await newCommunication(sending);
    expect(await handOverAttempt(sending, blocked.attemptId)).toMatchObject({ kind: "wait" });
    expect(await handOverAttempt(sending, late.attemptId)).toMatchObject({ kind: "wait" });
    await recordSuppressions(world.database.db, [
      { channel: "email", address: suppressed, kind: "unsubscribed", provider: "resend", eventType: "email.unsubscribed", detail: "test" },
    ]);
    await handOverAttempt(sending, (await newCommunication(sending)).attemptId);
    expect((await routeRow())?.activeProvider).toBe("sendgrid");
    const sendgridBefore = world.sendgrid.requests.length;

    // Suppressed while it waited: refused at its own hand-over, before anything moved.
    expect(await driveToHandover(sending, blocked.attemptId, tick)).toMatchObject({ kind: "failed" });
    expect(await attemptsOf(world.database.db, blocked.communicationId)).toMatchObject([
      { provider: "resend", status: "rejected", errorCode: "suppressed" },
    ]);
    expect(world.sendgrid.requests.length).toBe(sendgridBefore);

    // Moved and taken by SendGrid; then Resend reports the first one delivered after all.
    expect(await driveToHandover(sending, late.attemptId, tick)).toMatchObject({ kind: "accepted" });
    const [original] = await attemptsOf(world.database.db, late.communicationId);
    await deliverResendEvent(world.secrets, "email.delivered", original!, world.clock.now);
    const detail = await getAttemptDetail(world.database.db, { id: original!.id });
    expect(detail!.attempt).toMatchObject({ status: "rejected", errorCode: FAILED_OVER_CODE });
    expect(lateSuccessAfterFailover(detail!.attempt, detail!.events)).toBe("delivered");
  });
});
