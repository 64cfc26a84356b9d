import { afterEach, beforeEach, vi } from "vitest";
import { drainLocalRunner, setLocalRetryDelay } from "@/inngest/local-runner";

/**
 * For tests of the embedded runner on Vitest's fake clock (waits of seconds take none):
 * each test starts at a fixed time and ends with every run drained, the jobs it registered
 * removed (push their cleanups onto the returned list) and the retry delay reset.
 */
export function runnerOnFakeClock(): (() => void)[] {
  const cleanups: (() => void)[] = [];
  beforeEach(() => vi.useFakeTimers({ now: new Date("2026-03-01T10:00:00Z") }));
  afterEach(async () => {
    await vi.runOnlyPendingTimersAsync();
    vi.useRealTimers();
    await drainLocalRunner();
    cleanups.splice(0).forEach((cleanup) => cleanup());
    setLocalRetryDelay(1000);
    vi.restoreAllMocks();
  });
  return cleanups;
}
