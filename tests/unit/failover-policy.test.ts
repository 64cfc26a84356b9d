import { describe, expect, it } from "vitest";
import {
  assessHealth,
  decideRoute,
  DEFAULT_FAILOVER_CONFIG,
  type FeedbackSample,
  type Health,
  moveTarget,
  type Route,
  routeTarget,
  type Signal,
} from "@/lib/failover/policy";
import type { Provider } from "@/lib/status";

// The failover policy without a database: when a provider counts as down or slow to
// report, where a channel's hand-overs go, and which attempts move.

const config = DEFAULT_FAILOVER_CONFIG;
const NOW = new Date("2026-12-01T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const GROUP = ["resend", "sendgrid"] as const;
const AUTO: Route = { mode: "auto", pinnedProvider: null, activeProvider: null, switchedAt: null, probeAt: null };

/** Newest first: `pattern` of "x" (failed) and "o" (taken), one second apart; each failure its own message unless `sameMessage`. */
function signals(pattern: string, sameMessage = false): Signal[] {
  return [...pattern].map((mark, i) => ({
    at: ago(i * 1_000),
    ok: mark === "o",
    errorCode: mark === "x" ? "http_503" : null,
    attemptId: sameMessage ? "one-message" : `attempt-${i}`,
  }));
}

function health(input: { signals?: Signal[]; feedback?: FeedbackSample[]; judged?: FeedbackSample[]; usualFeedbackMs?: number | null }) {
  return assessHealth({
    provider: "resend",
    signals: input.signals ?? [],
    feedback: input.feedback ?? [],
    judged: input.judged,
    usualFeedbackMs: input.usualFeedbackMs ?? null,
    now: NOW,
    config,
  });
}

describe("provider health", () => {
  it("is down when half of the window's hand-overs failed, for at least three messages", () => {
    expect(health({ signals: signals("xxxo") })).toMatchObject({
      state: "down",
      reason: "3 of 4 hand-overs failed in the last 2 min (last: http_503)",
    });
    expect(health({ signals: signals("xxoo") }).state).toBe("healthy");
  });

  it("is not down when one message was refused again and again", () => {
    expect(health({ signals: signals("xxxxxxo", true).map((s) => (s.ok ? { ...s, attemptId: "other" } : s)) }).state).toBe("healthy");
  });

  it("is down after five failures in a row, however many were taken before", () => {
    const busy = signals(`xxxxx${"o".repeat(100)}`);
    expect(health({ signals: busy })).toMatchObject({ state: "down", reason: "the last 5 hand-overs failed (last: http_503)" });
    expect(health({ signals: signals(`xxxx${"o".repeat(100)}`) }).state).toBe("healthy");
  });

  it("is healthy again once three hand-overs in a row were taken, whatever failed before", () => {
    expect(health({ signals: signals("oooxxxxx") })).toMatchObject({ state: "healthy", acceptedInARow: 3 });
  });

  it("forgets answers older than the window", () => {
    const old = signals("xxx").map((s) => ({ ...s, at: new Date(s.at.getTime() - config.windowMs - 5_000) }));
    expect(health({ signals: old })).toMatchObject({ state: "healthy", samples: 0 });
  });

  it("is degraded when most judged messages were reported after max(60 s, 10 × usual)", () => {
    const late = [0, 1, 2].map((i) => ({ handedOverAt: ago(90_000 + i), firstFeedbackAt: null }));
    const inTime = [{ handedOverAt: ago(200_000), firstFeedbackAt: ago(199_000) }];
    expect(health({ judged: [...late, ...inTime], usualFeedbackMs: 1_000 })).toMatchObject({
      state: "degraded",
      reason: "3 of 4 recent messages reported after more than 60 s (usually 1.0 s)",
    });
    // Not yet judged: handed over 30 s ago, below the 60 s threshold.
    const recent = [0, 1, 2].map((i) => ({ handedOverAt: ago(30_000 + i), firstFeedbackAt: null }));
    expect(health({ judged: recent, usualFeedbackMs: 1_000 }).state).toBe("healthy");
  });

  it("learns the usual delay from reports that came in time, never from a slow spell", () => {
    const reported = (delays: number[]) =>
      delays.map((d, i) => ({ handedOverAt: ago(100_000 + i), firstFeedbackAt: ago(100_000 + i - d) }));
    expect(health({ feedback: reported([800, 1_000, 1_200]) }).usualFeedbackMs).toBe(1_000);
    // With a usual delay of 1 s, reports after more than 60 s do not move it.
    expect(health({ feedback: reported([90_000, 95_000, 99_000]), usualFeedbackMs: 1_000 }).usualFeedbackMs).toBe(1_000);
  });
});

const healthy: Health = { state: "healthy", reason: null, samples: 10, errorRate: 0, acceptedInARow: 10, usualFeedbackMs: 1_000 };
const down: Health = { ...healthy, state: "down", reason: "3 of 3 hand-overs failed", acceptedInARow: 0 };

describe("the channel's route", () => {
  it("moves to a healthy secondary when the primary is unhealthy, and says why", () => {
    const change = decideRoute({ group: GROUP, route: AUTO, health: new Map<Provider, Health>([["resend", down]]), now: NOW, config });
    expect(change).toEqual({ activeProvider: "sendgrid", reason: "Resend down: 3 of 3 hand-overs failed — new hand-overs go to SendGrid" });
    const bothDown = new Map([
      ["resend", down],
      ["sendgrid", down],
    ] as const);
    expect(decideRoute({ group: GROUP, route: AUTO, health: bothDown, now: NOW, config })).toBeNull();
  });

  it("comes back only after the hysteresis window, with enough hand-overs taken in a row", () => {
    const failedOver = { ...AUTO, activeProvider: "sendgrid" as const, switchedAt: ago(config.hysteresisMs - 1_000) };
    const recovered = new Map([["resend", { ...healthy, acceptedInARow: 3 }]] as const);
    expect(decideRoute({ group: GROUP, route: failedOver, health: recovered, now: NOW, config })).toBeNull();
    const later = { ...failedOver, switchedAt: ago(config.hysteresisMs + 1_000) };
    expect(decideRoute({ group: GROUP, route: later, health: recovered, now: NOW, config })).toMatchObject({ activeProvider: null });
    const twoInARow = new Map([["resend", { ...healthy, acceptedInARow: 2 }]] as const);
    expect(decideRoute({ group: GROUP, route: later, health: twoInARow, now: NOW, config })).toBeNull();
  });

  it("never changes a pinned route, a route with failover off, or a channel with one provider", () => {
    const unhealthy = new Map<Provider, Health>([["resend", down]]);
    for (const route of [
      { ...AUTO, mode: "pinned" as const, pinnedProvider: "resend" as const },
      { ...AUTO, mode: "off" as const },
    ])
      expect(decideRoute({ group: GROUP, route, health: unhealthy, now: NOW, config })).toBeNull();
    expect(
      decideRoute({ group: ["twilio"], route: AUTO, health: new Map<Provider, Health>([["twilio", down]]), now: NOW, config }),
    ).toBeNull();
  });
});

describe("where one attempt goes", () => {
  const failedOver = { ...AUTO, activeProvider: "sendgrid" as const, switchedAt: ago(5_000), probeAt: ago(5_000) };

  it("a new attempt: the active provider, and the primary once per probe interval", () => {
    expect(routeTarget({ group: GROUP, route: AUTO, now: NOW, config })).toEqual({ provider: "resend" });
    expect(routeTarget({ group: GROUP, route: failedOver, now: NOW, config })).toEqual({ provider: "sendgrid" });
    const probeDue = { ...failedOver, probeAt: ago(config.probeIntervalMs) };
    expect(routeTarget({ group: GROUP, route: probeDue, now: NOW, config })).toEqual({ provider: "resend", probe: true });
    const pinned = { ...AUTO, mode: "pinned" as const, pinnedProvider: "sendgrid" as const };
    expect(routeTarget({ group: GROUP, route: pinned, now: NOW, config })).toEqual({ provider: "sendgrid" });
  });

  it("a queued attempt moves only away from the provider the channel failed over from", () => {
    expect(moveTarget({ group: GROUP, route: failedOver, provider: "resend" })).toBe("sendgrid");
    expect(moveTarget({ group: GROUP, route: failedOver, provider: "sendgrid" })).toBeNull();
    expect(moveTarget({ group: GROUP, route: AUTO, provider: "resend" })).toBeNull();
    expect(moveTarget({ group: GROUP, route: { ...failedOver, mode: "off" }, provider: "resend" })).toBeNull();
    expect(moveTarget({ group: GROUP, route: { ...AUTO, mode: "pinned", pinnedProvider: "sendgrid" }, provider: "resend" })).toBe(
      "sendgrid",
    );
    expect(moveTarget({ group: GROUP, route: failedOver, provider: "twilio" })).toBeNull();
  });
});
