import { describe, expect, it } from "vitest";
import { setRouteMode } from "@/db/queries/provider-routes";
import { DEFAULT_FAILOVER_CONFIG } from "@/lib/failover/policy";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { resendAttempt } from "@/lib/sending/resend-attempt";
import { FAILED_OVER_CODE } from "@/lib/status";
import { RESEND_OUTAGE } from "../support/failover-harness";
import { sendgridError } from "../support/fakes/fake-sendgrid";
import { failoverWorld } from "../support/failover-world";
import { attemptsOf } from "../support/sending-harness";

// One message, not an outage: a provider that refuses it twice (503, 429: it did not act
// on it) hands it to the other provider of the channel while the channel stays where it
// is. A lost answer is not a refusal — Resend may have taken it, so it is asked again with
// the same idempotency key, never moved. With failover off, the message waits as before.

const world = failoverWorld({ ...DEFAULT_FAILOVER_CONFIG, cacheMs: 0 });

describe("one message its provider keeps refusing", () => {
  it("moves to SendGrid at its second refusal; the channel's route does not move", async () => {
    const sending = world.deps();
    const { communicationId, attemptId } = await world.newCommunication(sending);
    world.resend.respondNext(RESEND_OUTAGE, RESEND_OUTAGE);
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "wait", delayMs: 30_000 });
    world.tick(30_000);
    const moved = await handOverAttempt(sending, attemptId);
    expect(moved).toMatchObject({ kind: "moved", provider: "sendgrid" });
    if (moved.kind !== "moved") throw new Error("not moved");
    // Refused at SendGrid too, the failover attempt is not moved back: it waits for its next try.
    world.sendgrid.respondNext(sendgridError(503, "Service Unavailable"), sendgridError(503, "Service Unavailable"));
    for (let i = 0; i < 2; i++) {
      expect(await handOverAttempt(sending, moved.attemptId)).toMatchObject({ kind: "wait" });
      world.tick(30_000);
    }
    expect(await handOverAttempt(sending, moved.attemptId)).toMatchObject({ kind: "accepted" });

    const [original, failover] = await attemptsOf(world.database.db, communicationId);
    expect(original).toMatchObject({ provider: "resend", status: "rejected", errorCode: FAILED_OVER_CODE });
    expect(original!.errorMessage).toMatch(
      /^Moved to another provider: Resend could not take it \(.+\) — handed to SendGrid with the same content$/,
    );
    expect(failover).toMatchObject({
      kind: "failover",
      provider: "sendgrid",
      status: "accepted",
      repeatsAttemptId: original!.id,
      retryCount: 2,
    });
    expect(await world.routeRow()).toBeNull();
    // Staff resending the moved attempt would send it twice: refused, naming the attempt that carries it.
    await expect(resendAttempt(sending, { attemptId: original!.id, createdBy: "Olive Operator" })).rejects.toMatchObject({
      status: 409,
      code: "attempt_moved",
      message: expect.stringMatching(
        /^Cannot resend attempt #1: it was moved to another provider, and attempt #2 carries the same message/,
      ),
    });
  });

  it("a lost answer is asked again at Resend with the same key, never moved", async () => {
    const sending = world.deps();
    const { communicationId, attemptId } = await world.newCommunication(sending);
    const before = world.sendgrid.requests.length;
    world.resend.respondNext({ status: 200, drop: true }, { status: 200, drop: true });
    for (let i = 0; i < 2; i++) {
      expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "wait" });
      world.tick(10 * 60_000);
    }
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "accepted" });
    expect(await attemptsOf(world.database.db, communicationId)).toMatchObject([{ provider: "resend", status: "accepted", retryCount: 2 }]);
    expect(world.sendgrid.requests.length).toBe(before);
  });

  it("with failover off it waits for its next try at Resend, as before", async () => {
    const sending = world.deps();
    await setRouteMode(world.database.db, { channel: "email", mode: "off", pinnedProvider: null, actor: "test", at: world.clock.now });
    const { communicationId, attemptId } = await world.newCommunication(sending);
    world.resend.respondNext(RESEND_OUTAGE, RESEND_OUTAGE);
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "wait", delayMs: 30_000 });
    world.tick(30_000);
    expect(await handOverAttempt(sending, attemptId)).toMatchObject({ kind: "wait", delayMs: 30_000 });
    expect(await attemptsOf(world.database.db, communicationId)).toMatchObject([{ provider: "resend", status: "queued", retryCount: 2 }]);
  });
});
