import type { Figure } from "../communications-page";
import { percentile, ratio } from "./stats";

/**
 * A throughput figure from per-round rates: p50 is the median round, "p95" the round 95 %
 * of rounds beat; the ratio is Herald's p50 over the floor's, judged against `target`.
 */
export function rateFigure(params: {
  name: string;
  unit: NonNullable<Figure["unit"]>;
  herald: readonly number[];
  floor: readonly number[];
  floorLabel: string;
  target: number | null;
  note?: string;
}): Figure {
  const summary = (samples: readonly number[]) => ({
    n: samples.length,
    p50: Math.round(percentile(samples, 50)),
    p95: Math.round(percentile(samples, 5)),
  });
  const herald = summary(params.herald);
  const floor = summary(params.floor);
  const r = ratio(herald.p50, floor.p50);
  return {
    name: params.name,
    unit: params.unit,
    herald,
    floor,
    floorLabel: params.floorLabel,
    ratio: r,
    target: params.target === null ? "—" : `≥ ${params.target.toFixed(2)}×`,
    met: params.target === null ? null : r >= params.target,
    ...(params.note ? { note: params.note } : {}),
  };
}
