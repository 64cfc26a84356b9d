// This process's resident set size, sampled every `intervalMs` while a phase runs: the
// peak, and its growth over the RSS when sampling began — after a full collection when the
// process runs with --expose-gc, so the garbage of what came before is not the baseline.
// The timer never keeps a script alive; a phase that blocks the event loop delays samples,
// it does not hide its end state (stop() samples once more).

const MB = 1024 * 1024;

export type RssSampler = { stop: () => { startMb: number; peakMb: number; growthMb: number } };

export function sampleRss({ intervalMs = 50, collectFirst = true } = {}): RssSampler {
  if (collectFirst) (globalThis as { gc?: () => void }).gc?.();
  const start = process.memoryUsage.rss();
  let peak = start;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), intervalMs);
  timer.unref();
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage.rss());
      return { startMb: start / MB, peakMb: peak / MB, growthMb: (peak - start) / MB };
    },
  };
}
