// Latency figures as the benchmarks report them: medians and 95th percentiles of samples in
// milliseconds, and Herald's figure over its floor's.

export type Summary = { n: number; p50: number; p95: number };

export function summarise(samples: readonly number[]): Summary {
  return { n: samples.length, p50: round(percentile(samples, 50)), p95: round(percentile(samples, 95)) };
}

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function ratio(herald: number, floor: number): number {
  return round(herald / floor, 2);
}

function round(value: number, digits = 1): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
