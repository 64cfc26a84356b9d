import { describe, expect, it, vi } from "vitest";
import { communicationRequested } from "@/inngest/events";
import type { Job, LocalEvent } from "@/inngest/job";
import { flushLocalBatches, registerLocalFunction, runLocally, setLocalRetryDelay } from "@/inngest/local-runner";
import { runnerOnFakeClock } from "../support/runner-clock";

// The embedded runner honours batchEvents as Inngest does: one run per batch, started when
// the batch is full or its timeout after the first event; the outbox may start it sooner
// (flushLocalBatches). Every event's caller learns how its batch's run ended.

const cleanups = runnerOnFakeClock();

let sequence = 0;
const requested = (): LocalEvent => ({
  name: communicationRequested.name,
  id: `batch-test-${++sequence}`,
  data: { communicationId: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}` },
});

/** A batched job recording the batches it ran; `fail` makes a run throw. */
function batchedJob(options: { maxSize: number; retries?: 0 | 1; fail?: (ids: string[]) => boolean }) {
  const batches: string[][] = [];
  const job: Job = {
    id: `batched-${++sequence}`,
    trigger: communicationRequested,
    retries: options.retries ?? 0,
    batchEvents: { maxSize: options.maxSize, timeout: "2s" },
    handler: async ({ event, events }) => {
      const ids = events.map((each) => String((each.data as Record<string, unknown>).communicationId));
      expect(event).toEqual(events[0]);
      batches.push(ids);
      if (options.fail?.(ids)) throw new Error(`batch of ${ids.length} failed`);
    },
  };
  cleanups.push(registerLocalFunction(job));
  return batches;
}

describe("embedded batching", () => {
  it("a full batch runs at once; the rest waits for the timeout", async () => {
    const batches = batchedJob({ maxSize: 3 });
    const events = Array.from({ length: 7 }, requested);
    const settled = events.map((event) => runLocally(event));
    await vi.advanceTimersByTimeAsync(0);
    expect(batches.map((batch) => batch.length)).toEqual([3, 3]);

    await vi.advanceTimersByTimeAsync(1_999);
    expect(batches).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
    expect(batches.flat()).toEqual(events.map((event) => event.data.communicationId));
    expect(await Promise.all(settled)).toEqual(events.map(() => ({})));
  });

  it("flushLocalBatches starts an open batch without waiting for its timeout", async () => {
    const batches = batchedJob({ maxSize: 100 });
    const settled = [runLocally(requested()), runLocally(requested())];
    flushLocalBatches();
    await vi.advanceTimersByTimeAsync(0);
    expect(batches.map((batch) => batch.length)).toEqual([2]);
    expect(await Promise.all(settled)).toEqual([{}, {}]);
    // The timer of the batch it started does not run a second, empty batch.
    await vi.advanceTimersByTimeAsync(5_000);
    expect(batches).toHaveLength(1);
  });

  it("a failing batch is retried whole, and every event's caller gets the error once its retries run out", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    setLocalRetryDelay(100);
    const batches = batchedJob({ maxSize: 2, retries: 1, fail: () => true });
    const settled = [runLocally(requested()), runLocally(requested())];
    await vi.advanceTimersByTimeAsync(1_000);
    expect(batches).toHaveLength(2);
    expect(batches[1]).toEqual(batches[0]);
    const results = await Promise.all(settled);
    expect(results.map((result) => result.error)).toEqual([
      expect.stringMatching(/batch of 2 failed/),
      expect.stringMatching(/batch of 2 failed/),
    ]);
  });

  it("an event id already run joins no batch", async () => {
    const batches = batchedJob({ maxSize: 2 });
    const event = requested();
    const first = runLocally(event);
    const again = runLocally({ ...event });
    await expect(again).resolves.toEqual({});
    flushLocalBatches();
    await first;
    expect(batches).toEqual([[event.data.communicationId]]);
  });
});
