import { openBenchDatabase } from "../support/bench-database";
import { customerAddress, invoiceRenderInput } from "../support/email-invoices";
import { sampleRss } from "../support/rss-sampler";
import { planningFigures } from "./figures";
import { type FloorItem, type FloorRound, openSendFloors } from "./floors";
import { type HeraldBench, openHeraldBench, type PlanningRound, TAG } from "./herald";

// The send benchmark's rounds (bench/send-throughput.ts says what it measures). After a
// warm-up of both, round i measures the floor and Herald's planning on `count` fresh
// invoices each — Herald first in even rounds, the floor first in odd ones — then one
// pipeline round of `pipelineCount` more runs the whole way to Delivered. Herald goes first
// in the first round: memory a run takes is seldom given back (PGlite's WebAssembly memory
// never is), so a Herald round after the floor's would measure its growth from a baseline
// the floor had already raised.

export type SendBenchOptions = { adminUrl?: string; count: number; rounds: number; pipelineCount?: number };

const WARM_UP = 200;

export async function runSendBench(options: SendBenchOptions) {
  const { count, rounds } = options;
  const pipelineCount = options.pipelineCount ?? count;
  const whole = sampleRss({ intervalMs: 250, collectFirst: false });
  const { database, dispose, label, url } = await openBenchDatabase(options.adminUrl);
  console.log(
    `Herald send engine — ${label}, ${rounds} rounds (+1 warm-up) of ${count.toLocaleString("en")} invoice e-mails, ` +
      `then ${pipelineCount.toLocaleString("en")} to Delivered; embedded runner, sandbox providers, NODE_ENV=${process.env.NODE_ENV}`,
  );
  // Before the engine's statement log wraps PGlite's client: the floor's statements are its own.
  const floors = await openSendFloors(database, url);
  try {
    const herald = await openHeraldBench(database, Math.max(count, pipelineCount));
    const items = (offset: number, n: number) => floorItems(herald, offset, n);
    let offset = 0;
    const warmUp = Math.min(count, WARM_UP);
    await floors.round(items(offset, warmUp));
    await herald.planningRound({ offset, count: warmUp });
    offset += warmUp;

    const heraldRounds: PlanningRound[] = [];
    const floorRounds: FloorRound[] = [];
    for (let round = 0; round < rounds; round++) {
      const measureFloor = async () => floorRounds.push(await floors.round(items(offset, count)));
      const measureHerald = async () => heraldRounds.push(await herald.planningRound({ offset, count }));
      for (const measure of round % 2 === 0 ? [measureHerald, measureFloor] : [measureFloor, measureHerald]) await measure();
      offset += count;
      const f = floorRounds.at(-1)!;
      const h = heraldRounds.at(-1)!;
      console.log(
        `round ${round + 1}: Herald ${h.perSecond.toFixed(0)}/s, ${h.statementsPerCommunication.toFixed(2)} statements/communication, ` +
          `RSS +${h.rssGrowthMb.toFixed(1)} MB (heap kept after a full GC ${h.retainedHeapMb >= 0 ? "+" : ""}${h.retainedHeapMb.toFixed(1)} MB) · floor ${f.boundPerSecond.toFixed(0)}/s (render ${f.renderPerSecond.toFixed(0)}/s, ` +
          `write ${f.writePerSecond.toFixed(0)} rows/s), RSS +${f.rssGrowthMb.toFixed(1)} MB`,
      );
    }

    const pipeline = await herald.pipelineRound({ offset, count: pipelineCount });
    console.log(`\nPipeline: ${pipelineCount.toLocaleString("en")} invoices to Delivered, every job registered (${pipeline.pacing})`);
    for (const phase of pipeline.phases) {
      const n = pipelineCount.toLocaleString("en");
      console.log(`${phase.what.padEnd(46)} ${n} in ${phase.seconds.toFixed(1)} s → ${phase.perSecond.toFixed(0)}/s`);
    }
    const mb = (value: number) => value.toFixed(0);
    const signed = (value: number) => `${value >= 0 ? "+" : "−"}${mb(Math.abs(value))}`;
    console.log(
      `peak RSS: planning ${mb(pipeline.planningRss.peakMb)} MB (${signed(pipeline.planningRss.growthMb)}), hand-over + webhooks ` +
        `${mb(pipeline.handoverRss.peakMb)} MB (${signed(pipeline.handoverRss.growthMb)}), growth over the RSS at the pipeline's start`,
    );
    const peakRssMb = Math.round(whole.stop().peakMb);
    return {
      suite: "send",
      database: label,
      count,
      rounds,
      figures: planningFigures(heraldRounds, floorRounds, count),
      samples: { herald: heraldRounds, floor: floorRounds },
      pipeline: { count: pipelineCount, ...pipeline },
      peakRssMb,
    };
  } finally {
    await floors.close();
    await dispose();
  }
}

export type SendBenchResult = Awaited<ReturnType<typeof runSendBench>>;

/** The invoices offset … offset+n−1 as planning renders them, with their recipients. */
function floorItems(herald: HeraldBench, offset: number, n: number): FloorItem[] {
  const issuedAt = new Date();
  return Array.from({ length: n }, (_, k) => ({
    input: invoiceRenderInput({ tag: TAG, alternateLocales: true, customers: herald.customers, index: offset + k, issuedAt }),
    recipient: customerAddress(TAG, (offset + k) % herald.customers),
  }));
}
