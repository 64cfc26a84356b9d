import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { claimAttemptForHandover } from "@/db/queries/handover-claims";
import { setRouteMode } from "@/db/queries/provider-routes";
import { attempts, auditEvents, jobOutbox } from "@/db/schema";
import { DEFAULT_FAILOVER_CONFIG } from "@/lib/failover/policy";
import { createProviderRouting } from "@/lib/failover/routing";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { UNCERTAIN_TRY } from "@/lib/status";
import { RESEND_OUTAGE } from "../support/failover-harness";
import { failoverWorld } from "../support/failover-world";
import { attemptsOf } from "../support/sending-harness";

// What failover must never do: move a message a provider may already have (a lost answer,
// a worker that died before recording one), lose a hand-over because its health signal could
// not be written, or leave a woken attempt asleep. And saving an unchanged routing changes
// nothing.

const CONFIG = { ...DEFAULT_FAILOVER_CONFIG, cacheMs: 0 };
const world = failoverWorld(CONFIG);

/** Trips the route to SendGrid: new messages refused by Resend until it moves (three failing messages in all). */
async function failOverToSendgrid() {
  const sending = world.deps();
  world.resend.respondAlways(RESEND_OUTAGE);
  const waiting = [];
  for (let i = 0; i < 3 && (await world.routeRow())?.activeProvider !== "sendgrid"; i++) {
    const created = await world.newCommunication(sending);
    expect(await handOverAttempt(sending, created.attemptId)).toMatchObject({ kind: "wait" });
    waiting.push(created);
    world.tick(1_000);
  }
  expect((await world.routeRow())?.activeProvider).toBe("sendgrid");
  return waiting;
}

async function attemptRow(id: string) {
  const [row] = await world.database.db.select().from(attempts).where(eq(attempts.id, id));
  return row!;
}

describe("failover never risks a second send", () => {
  it("a hand-over whose health signal cannot be written is still recorded as taken", async () => {
    const routing = createProviderRouting({ email: ["resend", "sendgrid"] }, CONFIG);
    const sending = world.deps({
      ...routing,
      record: async () => {
        throw new Error("connection reset while writing the signal");
      },
    });
    const { attemptId } = await world.newCommunication(sending);
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "accepted" });
    expect(await attemptRow(attemptId)).toMatchObject({ status: "accepted", handoverClaimedBy: null });
  });

  it("a try whose answer was lost marks the attempt: refused later, it stays with Resend", async () => {
    const sending = world.deps();
    const { communicationId, attemptId } = await world.newCommunication(sending);
    world.resend.respondNext({ status: 200, drop: true }, RESEND_OUTAGE);
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "wait" });
    expect((await attemptRow(attemptId)).meta[UNCERTAIN_TRY]).toBe(true);
    world.tick(30_000);
    // Refused twice would move it — but the first try may have reached Resend.
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "wait" });
    await failOverToSendgrid();
    world.tick(30_000);
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "wait" });
    expect(await attemptsOf(world.database.db, communicationId)).toMatchObject([{ provider: "resend", status: "queued", retryCount: 3 }]);
  });

  it("an attempt whose worker died mid hand-over is never moved: only Resend, with the same key, may take it", async () => {
    const sending = world.deps();
    const { attemptId } = await world.newCommunication(sending);
    await claimAttemptForHandover(world.database.db, { attemptId, owner: "worker-that-died", leaseMs: 1_000, now: world.clock.now });
    await failOverToSendgrid();
    world.tick(5 * 60_000);
    world.resend.respondAlways(null);
    const sendgridBefore = world.sendgrid.requests.length;
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "accepted" });
    expect(await attemptRow(attemptId)).toMatchObject({ provider: "resend", status: "accepted" });
    expect(world.sendgrid.requests.length).toBe(sendgridBefore);
  });

  it("the switch wakes each waiting attempt with its own job, beside the sleeping run's", async () => {
    const waiting = await failOverToSendgrid();
    for (const { attemptId } of waiting) {
      const jobs = await world.database.db
        .select()
        .from(jobOutbox)
        .where(like(jobOutbox.dedupeKey, `attempt-queued:${attemptId}%`));
      expect(jobs.map((job) => job.dedupeKey.replace(/:wake:.*/, ":wake")).sort()).toEqual([
        `attempt-queued:${attemptId}`,
        `attempt-queued:${attemptId}:wake`,
      ]);
      expect((await attemptRow(attemptId)).retryAt!.getTime()).toBeLessThanOrEqual(world.clock.now.getTime());
    }
  });

  it("saving the routing already set leaves a failed-over route and the audit trail alone", async () => {
    await failOverToSendgrid();
    const audited = async () =>
      (await world.database.db.select().from(auditEvents).where(eq(auditEvents.action, "provider_route.changed"))).length;
    const before = await audited();
    const changed = await setRouteMode(world.database.db, {
      channel: "email",
      mode: "auto",
      pinnedProvider: null,
      actor: "Ada",
      at: world.clock.now,
    });
    expect(changed).toBe(false);
    expect(await world.routeRow()).toMatchObject({ mode: "auto", activeProvider: "sendgrid" });
    expect(await audited()).toBe(before);
  });
});
