import { count as countRows } from "drizzle-orm";
import { type Database, provideDatabase } from "@/db/client";
import { attempts } from "@/db/schema";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { attemptQueued } from "@/inngest/events";
import { isCronTrigger } from "@/inngest/job";
import { drainLocalRunner, registerLocalFunction } from "@/inngest/local-runner";
import { publishOutbox } from "@/inngest/outbox";
import { jobs } from "@/inngest/registry";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { STATUS } from "@/lib/status";
import { logStatements, type StatementLog } from "@/tests/support/statement-log";
import { testSecrets } from "@/tests/support/provider-requests";
import { testSendingDeps } from "@/tests/support/sending-harness";
import { createEmailCustomers, createInvoice } from "../support/email-invoices";
import { sampleRss } from "../support/rss-sampler";

// Herald's side of the send benchmark, through the public path only: communications stored
// by the intake query (their planning jobs in the outbox), published with publishOutbox,
// run by the embedded runner with the job registry's own jobs and flow control, watched
// from the attempts table.
// Planning rounds run without the hand-over job registered: its outbox rows are still
// committed, claimed and published, but start nothing, so a round measures planning alone
// — not the hand-over's pacing (20 starts/s per provider), which, once a backlog fills the
// runner's in-memory cap, would set the planning rate. A round ends when the runner is idle
// and every attempt exists, so the hand-over jobs' publication (their rows claimed and
// marked done) is in it. The pipeline round registers every job and runs the whole way, as
// `npm start` does.

export const TAG = "BENCH";

export type HeraldBench = {
  database: Database;
  customers: number;
  planningRound: (params: { offset: number; count: number }) => Promise<PlanningRound>;
  pipelineRound: (params: { offset: number; count: number }) => Promise<PipelineRound>;
};

export type PlanningRound = {
  perSecond: number;
  statementsPerCommunication: number;
  rssGrowthMb: number;
  rssPeakMb: number;
  retainedHeapMb: number;
};
export type Phase = { what: string; seconds: number; perSecond: number };
export type PipelineRound = { phases: Phase[]; planningRss: Rss; handoverRss: Rss; pacing: string };
type Rss = { peakMb: number; growthMb: number };

/** Wires the engine to `database` (sandbox providers); the customers of `count` invoices. Call once per process. */
export async function openHeraldBench(database: Database, count: number): Promise<HeraldBench> {
  provideDatabase(database);
  provideSendingDeps(testSendingDeps(database.db, await testSecrets()));
  for (const job of jobs) if (isCronTrigger(job.trigger) || job.trigger.name !== attemptQueued.name) registerLocalFunction(job);
  const customers = Math.max(1, Math.ceil(count / 20));
  const customerIds = await createEmailCustomers(database.db, { count: customers, tag: TAG, alternateLocales: true });
  const statements = countStatements(logStatements(database));
  let expected = 0;

  /** Stores invoices offset … offset+count−1 (not timed): eight at a time on a server, one at a time on PGlite. */
  async function createInvoices(offset: number, count: number) {
    let next = offset;
    const worker = async () => {
      for (let index = next++; index < offset + count; index = next++) await createInvoice(database.db, { customerIds, index, tag: TAG });
    };
    await Promise.all(Array.from({ length: database.driver === "pglite" ? 1 : 8 }, worker));
  }

  async function planningRound({ offset, count }: { offset: number; count: number }): Promise<PlanningRound> {
    await createInvoices(offset, count);
    expected += count;
    const before = statements();
    const rss = sampleRss();
    const started = performance.now();
    await publishOutbox(database.db);
    await drainLocalRunner();
    const done = await waitFor(database, statements, (counts) => total(counts) >= expected);
    const seconds = (done.at - started) / 1000;
    const memory = rss.stop();
    if ((done.counts[STATUS.queued] ?? 0) !== expected)
      throw new Error(`planning left ${JSON.stringify(done.counts)}, not ${expected} queued`);
    return {
      perSecond: count / seconds,
      statementsPerCommunication: (done.statements - before) / count,
      rssGrowthMb: memory.growthMb,
      rssPeakMb: memory.peakMb,
      retainedHeapMb: memory.retainedHeapMb,
    };
  }

  async function pipelineRound({ offset, count }: { offset: number; count: number }): Promise<PipelineRound> {
    registerEmbeddedFunctions();
    await createInvoices(offset, count);
    // The planning rounds' attempts stay queued: nothing hands them over (their jobs ran with no hand-over registered).
    const base = expected;
    const phases: Phase[] = [];
    const mark = (what: string, at: number) => {
      const seconds = (at - started) / 1000;
      phases.push({ what, seconds, perSecond: count / seconds });
    };
    let rss = sampleRss();
    const started = performance.now();
    await publishOutbox(database.db);
    mark("plan + render + snapshot + enqueue", (await waitFor(database, statements, (counts) => total(counts) >= base + count)).at);
    const planningRss = rss.stop();
    // Mid-phase: no collection, it would pause the hand-overs being timed.
    rss = sampleRss({ collectFirst: false });
    mark(
      "… + hand-over to the sandbox providers",
      (await waitFor(database, statements, (counts) => (counts[STATUS.queued] ?? 0) === base)).at,
    );
    await drainLocalRunner();
    await settleSandboxWebhooks();
    mark(
      "… + signed webhooks back → Delivered",
      (await waitFor(database, statements, (counts) => (counts[STATUS.delivered] ?? 0) === count)).at,
    );
    const handover = rss.stop();
    expected += count;
    const growth = (memory: { peakMb: number }) => ({ peakMb: memory.peakMb, growthMb: memory.peakMb - planningRss.startMb });
    return { phases, planningRss: growth(planningRss), handoverRss: growth(handover), pacing: handoverPacing() };
  }

  return { database, customers, planningRound, pipelineRound };
}

/** The hand-over job's flow control, as the registry sets it. */
function handoverPacing(): string {
  const job = jobs.find((candidate) => !isCronTrigger(candidate.trigger) && candidate.trigger.name === attemptQueued.name);
  return `hand-overs paced per provider: ${job?.concurrency?.limit ?? "∞"} at once, ${job?.throttle?.limit ?? "∞"} starts/${job?.throttle?.period ?? "s"}`;
}

async function attemptsByStatus(database: Database) {
  const rows = await database.db.select({ status: attempts.status, n: countRows() }).from(attempts).groupBy(attempts.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.n])) as Record<string, number>;
}

function total(counts: Record<string, number>) {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}

/**
 * The statements sent so far, counted without keeping their text (it would be the memory
 * measured): the log is emptied every 20 ms and its length added up.
 */
function countStatements(log: StatementLog): () => number {
  let counted = 0;
  const sweep = () => {
    counted += log.statements.length;
    log.reset();
    return counted;
  };
  setInterval(sweep, 20).unref();
  return sweep;
}

/** Polls the attempts' counts until `done`: when (before the poll that saw it), the counts, and the statements so far but the polls' own. */
async function waitFor(database: Database, statements: () => number, done: (counts: Record<string, number>) => boolean) {
  for (let polls = 1; ; polls++) {
    const at = performance.now();
    const counts = await attemptsByStatus(database);
    if (done(counts)) return { at, counts, statements: statements() - polls };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
