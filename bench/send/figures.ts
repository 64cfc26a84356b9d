import type { Figure } from "../communications-page";
import { percentile, ratio } from "../support/stats";
import type { FloorRound } from "./floors";
import type { PlanningRound } from "./herald";

// The planning phase's figures from the interleaved rounds: medians of the rounds, with the
// round 95 % of rounds beat as "p95" for rates and the 95th-percentile (the worst of a few)
// round for amounts.

const RATIO_TARGET = 0.7;
const RSS_MB_PER_100K = 200;
const STATEMENTS_TARGET = 3;

export function planningFigures(herald: PlanningRound[], floor: FloorRound[], count: number): Figure[] {
  const rates = (rounds: number[]) => ({
    n: rounds.length,
    p50: Math.round(percentile(rounds, 50)),
    p95: Math.round(percentile(rounds, 5)),
  });
  const amounts = (rounds: number[], digits: number) => ({
    n: rounds.length,
    p50: round(percentile(rounds, 50), digits),
    p95: round(percentile(rounds, 95), digits),
  });
  const planned = rates(each(herald, "perSecond"));
  const rate = (name: string, floorRates: number[], floorLabel: string, target: number | null): Figure => {
    const f = rates(floorRates);
    const r = ratio(planned.p50, f.p50);
    return {
      name,
      unit: "communications/s",
      herald: planned,
      floor: f,
      floorLabel,
      ratio: r,
      target: target === null ? "—" : `≥ ${target.toFixed(2)}×`,
      met: target === null ? null : r >= target,
    };
  };
  const rssTarget = (RSS_MB_PER_100K * count) / 100_000;
  const rss = amounts(each(herald, "rssGrowthMb"), 1);
  const rssFloor = amounts(each(floor, "rssGrowthMb"), 1);
  const statements = amounts(each(herald, "statementsPerCommunication"), 2);
  const statementsFloor = amounts(each(floor, "statementsPerCommunication"), 3);
  return [
    rate("plan + render + snapshot + enqueue", each(floor, "boundPerSecond"), "render-bound: 1/(1/render + 1/write)", RATIO_TARGET),
    rate("… vs rendering alone", each(floor, "renderPerSecond"), "renderMessage + SHA-256, one at a time", null),
    rate("… vs writing alone", each(floor, "writePerSecond"), "1,000-row INSERT + UPDATE per tx, bare SQL", null),
    {
      name: "peak RSS growth, planning",
      unit: "MB",
      herald: rss,
      floor: rssFloor,
      floorLabel: "the floor's render + write, sampled alike",
      ratio: rssFloor.p50 > 0 ? ratio(rss.p50, rssFloor.p50) : Number.NaN,
      target: `≤ ${round(rssTarget, 1)} MB`,
      // A peak is judged on the worst round.
      met: rss.p95 <= rssTarget,
      note: `${RSS_MB_PER_100K} MB per 100k, verdict on the worst round`,
    },
    {
      name: "statements per communication, planning",
      unit: "statements/communication",
      herald: statements,
      floor: statementsFloor,
      floorLabel: "the write floor: 4 per 1,000-row chunk",
      ratio: ratio(statements.p50, statementsFloor.p50),
      target: `≤ ${STATEMENTS_TARGET}`,
      met: statements.p50 <= STATEMENTS_TARGET,
    },
  ];
}

function each<T, K extends keyof T>(rounds: readonly T[], key: K): number[] {
  return rounds.map((sample) => Number(sample[key]));
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
