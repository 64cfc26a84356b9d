import type { Figure } from "../communications-page";
import { rateFigure } from "../support/rate-figure";
import { percentile, ratio } from "../support/stats";
import type { FloorRound } from "./floors";
import type { PlanningRound } from "./herald";

// The planning phase's figures from the interleaved rounds: medians of the rounds, with the
// round 95 % of rounds beat as "p95" for rates and the 95th-percentile (the worst of a few)
// round for amounts.

const RATIO_TARGET = 0.7;
/** Memory is bounded, not proportional: this is the growth allowed whatever the burst, judged at 100k communications. */
const RSS_TARGET_MB = 200;
const RSS_JUDGED_AT = 100_000;
const STATEMENTS_TARGET = 3;

export function planningFigures(herald: PlanningRound[], floor: FloorRound[], count: number): Figure[] {
  const amounts = (rounds: number[], digits: number) => ({
    n: rounds.length,
    p50: round(percentile(rounds, 50), digits),
    p95: round(percentile(rounds, 95), digits),
  });
  const rate = (name: string, floorRates: number[], floorLabel: string, target: number | null): Figure =>
    rateFigure({ name, unit: "communications/s", herald: each(herald, "perSecond"), floor: floorRates, floorLabel, target });
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
      target: `≤ ${RSS_TARGET_MB} MB at 100k`,
      // A peak is judged on the worst round, and only on a burst as large as the target's.
      met: count >= RSS_JUDGED_AT ? rss.p95 <= RSS_TARGET_MB : null,
      note: count >= RSS_JUDGED_AT ? "verdict on the worst round" : "judged with --count 100000",
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
