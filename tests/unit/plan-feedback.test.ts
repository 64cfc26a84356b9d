import { describe, expect, it } from "vitest";
import { planFeedback, type FeedbackAttempt } from "@/lib/webhooks/plan-feedback";
import type { EventEffect, ProviderEvent } from "@/lib/webhooks/provider-event";

// The in-memory plan of one request: per-event outcomes against lib/status.ts, and one
// write per attempt carrying its final status, first milestones, earliest flags.

const attempt: FeedbackAttempt = { id: "a1", communicationId: "c1", seq: 1, channel: "email", status: "accepted" };
const at = (minute: number) => new Date(Date.UTC(2026, 0, 15, 10, minute));
const bounce = { failureClass: "permanent_recipient" as const, errorCode: "5.1.1", errorMessage: "bounced — check the address" };

let key = 0;
function event(effect: EventEffect, minute: number | null, messageId: string | null = "m1"): ProviderEvent {
  return {
    provider: "sendgrid",
    eventKey: `k${++key}`,
    eventType: "x",
    providerMessageId: messageId,
    attemptIdHint: null,
    occurredAt: minute === null ? null : at(minute),
    payload: {},
    effect,
  };
}

describe("planFeedback", () => {
  it("folds a message's events into one write: final status, first milestones, earliest flags", () => {
    const events = [
      event({ kind: "engagement", flag: "opened" }, 9),
      event({ kind: "status", status: "delivered", label: "Delivered", failure: null }, 5),
      event({ kind: "engagement", flag: "opened" }, 7),
      event({ kind: "status", status: "failed", label: "Bounced", failure: bounce }, 20),
      event({ kind: "status", status: "sent", label: "Sent", failure: null }, 2),
      event({ kind: "informational", detail: "deferred" }, 1),
    ];
    const plan = planFeedback(
      events.map((e) => ({ event: e, attempt, stored: false })),
      at(30),
    );
    // The open already proved delivery, so the delivered event itself changes nothing.
    expect(plan.outcomes.map((o) => o.outcome)).toEqual(["applied", "ignored", "applied", "applied", "ignored", "ignored"]);
    expect(plan.outcomes[4]!.detail).toBe("attempt was already Failed: Sent cannot replace it");
    expect(plan.writes).toEqual([
      {
        attempt,
        status: { to: "failed", label: "Bounced", at: at(20), failure: bounce },
        // Delivered when the open proved it (minute 9): the first time the stage was reached.
        milestones: { deliveredAt: at(9), failedAt: at(20) },
        flags: { opened: at(7) },
      },
    ]);
    expect(plan.failures).toEqual([{ attemptId: "a1", communicationId: "c1", channel: "email", status: "failed", ...bounce }]);
  });

  it("marks stored and repeated keys as duplicates, unknown messages and unrecognised types as such", () => {
    const delivered = event({ kind: "status", status: "delivered", label: "Delivered", failure: null }, null);
    const plan = planFeedback(
      [
        { event: delivered, attempt, stored: true },
        { event: { ...delivered, eventKey: "fresh" }, attempt, stored: false },
        { event: { ...delivered, eventKey: "fresh" }, attempt, stored: false },
        { event: event({ kind: "unrecognised", detail: "what is this" }, 1), attempt, stored: false },
        { event: event({ kind: "status", status: "sent", label: "Sent", failure: null }, 1, "m404"), attempt: null, stored: false },
      ],
      at(30),
    );
    expect(plan.outcomes).toEqual([
      { outcome: "duplicate", detail: null },
      { outcome: "applied", detail: null },
      { outcome: "duplicate", detail: null },
      { outcome: "unrecognised", detail: "what is this" },
      { outcome: "unknown_message", detail: "no sendgrid attempt with message id m404" },
    ]);
    // No provider time: the time Herald received it.
    expect(plan.writes[0]!.status?.at).toEqual(at(30));
  });

  it("gives an attempt the events leave as it was no write at all", () => {
    const delivered = { ...attempt, status: "delivered" as const };
    const plan = planFeedback(
      [
        { event: event({ kind: "status", status: "sent", label: "Sent", failure: null }, 3), attempt: delivered, stored: false },
        { event: event({ kind: "status", status: "delivered", label: "Delivered", failure: null }, 4), attempt: delivered, stored: false },
      ],
      at(30),
    );
    expect(plan.outcomes.map((o) => o.outcome)).toEqual(["ignored", "ignored"]);
    expect(plan.writes).toEqual([]);
  });

  it("records a flag on a failed attempt without touching its status", () => {
    const failed = { ...attempt, status: "failed" as const };
    const plan = planFeedback([{ event: event({ kind: "engagement", flag: "clicked" }, 3), attempt: failed, stored: false }], at(30));
    expect(plan.writes).toEqual([{ attempt: failed, status: null, milestones: {}, flags: { clicked: at(3) } }]);
  });
});
