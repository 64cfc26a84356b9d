// This process's resident set size, sampled every `intervalMs` while a phase runs: the
// peak, and its growth over the RSS when sampling began — after a full collection when the
// process runs with --expose-gc, so the garbage of what came before is not the baseline.
// The timer never keeps a script alive; a phase that blocks the event loop delays samples,
// it does not hide its end state (stop() samples once more).

const MB = 1024 * 1024;

/**
 * `retainedHeapMb`: with --expose-gc, the V8 heap still in use after a full collection at the
 * end, over the heap in use at the start — what the phase kept, as against what the
 * collector had not yet reclaimed (the RSS peak holds both). NaN without --expose-gc.
 */
export type RssSampler = { stop: () => { startMb: number; peakMb: number; growthMb: number; retainedHeapMb: number } };

const gc = () => (globalThis as { gc?: () => void }).gc;

export function sampleRss({ intervalMs = 50, collectFirst = true } = {}): RssSampler {
  if (collectFirst) gc()?.();
  const heapAtStart = process.memoryUsage().heapUsed;
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      const collect = gc();
      collect?.();
      const retainedHeapMb = collect ? (process.memoryUsage().heapUsed - heapAtStart) / MB : Number.NaN;
      return { startMb: start / MB, peakMb: peak / MB, growthMb: (peak - start) / MB, retainedHeapMb };
    },
  };
}
