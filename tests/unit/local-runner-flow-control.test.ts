import { cron } from "inngest";
import { describe, expect, it, vi } from "vitest";
import { attemptQueued, bulkSendRequested } from "@/inngest/events";
import type { LocalEvent } from "@/inngest/job";
import { dispatchLocally, registerLocalFunction, setLocalRetryDelay, startLocalSchedules } from "@/inngest/local-runner";
import { runnerOnFakeClock } from "../support/runner-clock";

// The embedded runner honours the flow control a job declares in inngest/registry.ts, as
// Inngest does: keyed and function-wide concurrency, throttle, retries, cron schedules.
// Time is Vitest's fake clock, so waits of seconds take none.

const cleanups = runnerOnFakeClock();

let sequence = 0;
const queued = (provider: "resend" | "sendgrid"): LocalEvent => ({
  name: attemptQueued.name,
  data: { attemptId: `00000000-0000-4000-8000-${String(++sequence).padStart(12, "0")}`, provider },
});

/** A handler that holds each run until released, counting the runs in progress per key. */
function heldRuns() {
  const running = new Map<string, number>();
  const peak = new Map<string, number>();
  const releases: (() => void)[] = [];
  const run = async (key: string) => {
    running.set(key, (running.get(key) ?? 0) + 1);
    peak.set(key, Math.max(peak.get(key) ?? 0, running.get(key)!));
    await new Promise<void>((resolve) => releases.push(resolve));
    running.set(key, running.get(key)! - 1);
  };
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.splice(0).forEach((release) => release());
      await vi.advanceTimersByTimeAsync(0);
    }
  };
  return { run, running, peak, releaseAll };
}

describe("embedded flow control", () => {
  it("keyed concurrency: at most `limit` runs per key value, the others wait their turn", async () => {
    const held = heldRuns();
    cleanups.push(
      registerLocalFunction({
        id: "keyed",
        trigger: attemptQueued,
        retries: 0,
        concurrency: { key: "event.data.provider", limit: 2 },
        handler: ({ event }) => held.run(event.data.provider),
      }),
    );
    await dispatchLocally([queued("resend"), queued("resend"), queued("resend"), queued("sendgrid")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(Object.fromEntries(held.running)).toEqual({ resend: 2, sendgrid: 1 });
    await held.releaseAll();
    expect(Object.fromEntries(held.peak)).toEqual({ resend: 2, sendgrid: 1 });
    expect(Object.fromEntries(held.running)).toEqual({ resend: 0, sendgrid: 0 });
  });

  it("function-wide concurrency without a key (bulk-send's 2)", async () => {
    const held = heldRuns();
    cleanups.push(
      registerLocalFunction({
        id: "bulk",
        trigger: bulkSendRequested,
        retries: 0,
        concurrency: { limit: 2 },
        handler: () => held.run("all"),
      }),
    );
    const job = (n: number): LocalEvent => ({
      name: bulkSendRequested.name,
      data: { bulkJobId: `00000000-0000-4000-8000-00000000000${n}` },
    });
    await dispatchLocally([job(1), job(2), job(3), job(4), job(5)]);
    await vi.advanceTimersByTimeAsync(0);
    expect(held.running.get("all")).toBe(2);
    await held.releaseAll();
    expect(held.peak.get("all")).toBe(2);
  });

  it("a sleeping run gives its slot up, as Inngest counts only runs executing", async () => {
    const order: string[] = [];
    cleanups.push(
      registerLocalFunction({
        id: "sleepy",
        trigger: attemptQueued,
        retries: 0,
        concurrency: { limit: 1 },
        handler: async ({ event, step }) => {
          if (event.data.provider === "resend") await step.sleep("wait", 5_000);
          order.push(event.data.provider);
        },
      }),
    );
    await dispatchLocally([queued("resend"), queued("sendgrid")]);
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(["sendgrid"]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(order).toEqual(["sendgrid", "resend"]);
  });

  it("throttle: at most `limit` starts per period and key, `burst` at once", async () => {
    const starts: Record<string, number[]> = {};
    const t0 = Date.now();
    cleanups.push(
      registerLocalFunction({
        id: "throttled",
        trigger: attemptQueued,
        retries: 0,
        throttle: { key: "event.data.provider", limit: 2, period: "1s", burst: 2 },
        handler: async ({ event }) => void (starts[event.data.provider] ??= []).push(Date.now() - t0),
      }),
    );
    await dispatchLocally([...Array.from({ length: 5 }, () => queued("resend")), queued("sendgrid")]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toEqual({ resend: [0, 0, 1_000, 1_000, 2_000], sendgrid: [0] });
  });

  it("throttle without burst spaces the starts evenly through the period", async () => {
    const starts: number[] = [];
    const t0 = Date.now();
    cleanups.push(
      registerLocalFunction({
        id: "smooth",
        trigger: attemptQueued,
        retries: 0,
        throttle: { limit: 4, period: "1s" },
        handler: async () => void starts.push(Date.now() - t0),
      }),
    );
    await dispatchLocally(Array.from({ length: 5 }, () => queued("resend")));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(starts).toEqual([0, 250, 500, 750, 1_000]);
  });

  it("retries: re-runs a failing handler `retries` times, doubling the wait, then gives up", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    setLocalRetryDelay(100);
    const calls: number[] = [];
    const t0 = Date.now();
    cleanups.push(
      registerLocalFunction({
        id: "failing",
        trigger: attemptQueued,
        retries: 3,
        handler: async () => {
          calls.push(Date.now() - t0);
          throw new Error("provider down");
        },
      }),
    );
    await dispatchLocally([queued("resend")]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toEqual([0, 100, 300, 700]);
    expect(console.error).toHaveBeenCalledWith(
      expect.stringContaining("failing failed for herald/attempt.queued after 4 attempts"),
      expect.any(Error),
    );
  });

  it("cron jobs run at the expression's times once schedules start, with Inngest's timer event", async () => {
    const runs: { at: string; event: unknown }[] = [];
    cleanups.push(
      registerLocalFunction({
        id: "quarter-hourly",
        trigger: cron("*/15 * * * *"),
        retries: 0,
        concurrency: { limit: 1 },
        handler: async ({ event }) => void runs.push({ at: new Date().toISOString(), event }),
      }),
    );
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(runs).toEqual([]);
    startLocalSchedules();
    // Started at 10:20: the next quarters are 10:30 and 10:45.
    await vi.advanceTimersByTimeAsync(30 * 60_000);
    expect(runs.map((run) => run.at)).toEqual(["2026-03-01T10:30:00.000Z", "2026-03-01T10:45:00.000Z"]);
    expect(runs[0]!.event).toEqual({ name: "inngest/scheduled.timer", data: { cron: "*/15 * * * *" } });
    cleanups.splice(0).forEach((cleanup) => cleanup());
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(runs).toHaveLength(2);
  });

  it("a cron job registered again keeps one schedule running", async () => {
    let runs = 0;
    const job = { id: "again", trigger: cron("*/15 * * * *"), retries: 0 as const, handler: async () => void runs++ };
    cleanups.push(registerLocalFunction(job));
    startLocalSchedules();
    cleanups.push(registerLocalFunction(job));
    await vi.advanceTimersByTimeAsync(15 * 60_000);
    expect(runs).toBe(1);
  });

  it("refuses a cron job it could not run on time", () => {
    expect(() =>
      registerLocalFunction({ id: "paris", trigger: cron("TZ=Europe/Paris 0 3 * * *"), retries: 0, handler: async () => {} }),
    ).toThrow(/only UTC/);
  });
});
