import { getDb, type Db } from "@/db/client";
import { claimDueJobs, markJobsDone, type OutboxRow, releaseJobs } from "@/db/queries/outbox";
import { instanceId } from "@/lib/instance";
import { inngest } from "./client";
import { eventFromOutboxRow, type HeraldEvent } from "./events";
import { flushLocalBatches, runLocally, trackLocalWork } from "./local-runner";
import { inngestMode } from "./mode";

// The outbox dispatcher (db/schema/outbox.ts): claims due rows, publishes them and marks
// them done. With Inngest, "published" means Inngest accepted the events (it owns them
// from there; the event id `outbox-<row id>` makes a second publication of the same row a
// no-op). Embedded, a row stays claimed by this process until its run ends, so a crash
// loses nothing: the next start releases it and it runs again. Consumers are idempotent
// (the hand-over claim, one first attempt and one fallback per attempt, one attempt per
// bulk job and communication), so a job run twice has the effect of one.
// Called right after each commit that queued jobs (publishOutbox), by the drain-outbox
// cron in both runtimes, and at embedded start.

/** Where the events go: Inngest (durable once accepted) or this process's runner. */
export type Publisher =
  | { kind: "durable"; send: (events: HeraldEvent[]) => Promise<unknown> }
  | { kind: "local"; run: (event: HeraldEvent) => Promise<{ error?: string }> };

export type DrainOptions = { publisher?: Publisher; now?: () => Date; owner?: string; batchSize?: number };
export type DrainResult = { published: number; failed: number };

const BATCH_SIZE = 200;
/** A dispatcher that died between claim and publication leaves its rows to another after this. */
const PUBLISH_LEASE_MS = 60_000;
/** Embedded: a row being run is held until its run ends; only a restart (another process) releases it. */
const LOCAL_RUN_LEASE_MS = 100 * 365 * 24 * 3_600_000;
/** Embedded backpressure: at most this many runs in memory; the rest wait in the outbox. */
export const MAX_LOCAL_RUNS = 1_000;
/** A failed publication is tried again after 2, 4, 8 … seconds, at most 5 minutes. */
const retryDelayMs = (tries: number) => Math.min(300_000, 1_000 * 2 ** tries);

/** A local run that ended, waiting to be marked done with the others that ended in the same turn. */
type DoneMark = { db: Db; owner: string; id: number; error?: string; settle: (error?: unknown) => void };
type DispatcherState = { draining: Promise<DrainResult> | null; again: boolean; localRuns: number; doneMarks: DoneMark[] };
const globalForOutbox = globalThis as typeof globalThis & { __heraldOutbox?: DispatcherState };
const state = (globalForOutbox.__heraldOutbox ??= { draining: null, again: false, localRuns: 0, doneMarks: [] });

export function defaultPublisher(): Publisher {
  if (inngestMode() === "embedded") return { kind: "local", run: runLocally };
  return { kind: "durable", send: (events) => inngest.send(events) };
}

/** Publishes every due row, a batch at a time, until none is left (or embedded runs are at their cap). */
export async function drainOutbox(db: Db, options: DrainOptions = {}): Promise<DrainResult> {
  const publisher = options.publisher ?? defaultPublisher();
  const now = options.now ?? (() => new Date());
  const owner = options.owner ?? instanceId();
  const total: DrainResult = { published: 0, failed: 0 };
  for (;;) {
    const room = publisher.kind === "local" ? MAX_LOCAL_RUNS - state.localRuns : Infinity;
    const limit = Math.min(options.batchSize ?? BATCH_SIZE, room);
    if (limit <= 0) break;
    const at = now();
    const lease = publisher.kind === "local" ? LOCAL_RUN_LEASE_MS : PUBLISH_LEASE_MS;
    const rows = await claimDueJobs(db, { owner, limit, now: at, leaseUntil: new Date(at.getTime() + lease) });
    if (rows.length === 0) break;
    const result = await publishRows(db, rows, { publisher, owner, now });
    total.published += result.published;
    total.failed += result.failed;
    if (rows.length < limit || result.failed > 0) break;
  }
  return total;
}

/**
 * Publishes what is due now, after a commit that queued jobs. Never throws: what it cannot
 * publish stays in the outbox for the next drain. Concurrent calls share one drain.
 */
export async function publishOutbox(db?: Db): Promise<void> {
  if (state.draining) {
    state.again = true;
    await state.draining;
    return;
  }
  const publishing = drainUntilQuiet(db);
  // The rounds asked for while one ran start runs too: drainLocalRunner waits for them.
  trackLocalWork(publishing);
  await publishing;
}

async function drainUntilQuiet(db?: Db): Promise<void> {
  try {
    do {
      state.again = false;
      // Set before the first await: a concurrent call joins this drain instead of starting one.
      state.draining = (async () => drainOutbox(db ?? (await getDb())))();
      await state.draining;
    } while (state.again);
  } catch (error) {
    console.error("[outbox] publishing failed; the jobs stay queued for the next drain", error);
  } finally {
    state.draining = null;
  }
}

async function publishRows(db: Db, rows: OutboxRow[], params: { publisher: Publisher; owner: string; now: () => Date }) {
  const { publisher, owner, now } = params;
  const events: { row: OutboxRow; event: HeraldEvent }[] = [];
  let failed = 0;
  for (const row of rows) {
    try {
      events.push({ row, event: await eventFromOutboxRow(row) });
    } catch (error) {
      // A row the schema refuses cannot be published; it waits, visible in tracking health.
      failed++;
      const message = `not a valid ${row.eventName} event: ${errorMessage(error)}`;
      console.error(`[outbox] job ${row.id} ${message}`);
      await releaseJobs(db, { ids: [row.id], owner, retryAt: new Date(now().getTime() + 3_600_000), error: message });
    }
  }
  if (events.length === 0) return { published: 0, failed };
  if (publisher.kind === "local") {
    for (const { row, event } of events) {
      state.localRuns++;
      const settled = publisher
        .run(event)
        .then(
          ({ error }) => markDoneSoon({ db, owner, id: row.id, error }, now),
          // Not started: the row is due again after a pause, for this process or the next.
          (error) =>
            releaseJobs(db, {
              ids: [row.id],
              owner,
              retryAt: new Date(now().getTime() + retryDelayMs(row.tries)),
              error: errorMessage(error),
            }),
        )
        .catch((error) => console.error(`[outbox] job ${row.id} ran but could not be marked done; a restart runs it again`, error))
        .then(async () => {
          state.localRuns--;
          if (state.localRuns !== MAX_LOCAL_RUNS - 1) return;
          // Room again for runs that waited in the outbox — claimed once the runs that ended
          // with this one (a batch ends together) have made their room too, so the next claim
          // fills a whole batch rather than one run's place.
          await new Promise((resolve) => setImmediate(resolve));
          return publishOutbox(db);
        });
      trackLocalWork(settled);
    }
    // Everything claimed is dispatched: batched jobs need not wait out their timeout.
    flushLocalBatches();
    return { published: events.length, failed };
  }
  const ids = events.map(({ row }) => row.id);
  try {
    await publisher.send(events.map(({ event }) => event));
  } catch (error) {
    const tries = Math.max(...events.map(({ row }) => row.tries));
    await releaseJobs(db, { ids, owner, retryAt: new Date(now().getTime() + retryDelayMs(tries)), error: errorMessage(error) });
    console.error(`[outbox] ${ids.length} job(s) not published (try ${tries}); they stay queued`, error);
    return { published: 0, failed: failed + ids.length };
  }
  await markJobsDone(db, { ids, owner, at: now() });
  return { published: ids.length, failed };
}

/**
 * Marks a local run's row done together with every other run that ended in the same turn
 * (a batch's runs end together): one UPDATE for all of them, not one each.
 */
function markDoneSoon(mark: Omit<DoneMark, "settle">, now: () => Date): Promise<void> {
  return new Promise((resolve, reject) => {
    if (state.doneMarks.length === 0) setImmediate(() => void flushDoneMarks(now()));
    state.doneMarks.push({ ...mark, settle: (error) => (error === undefined ? resolve() : reject(error)) });
  });
}

async function flushDoneMarks(at: Date): Promise<void> {
  // One group per database, owner and outcome: almost always a single one.
  const groups: DoneMark[][] = [];
  for (const mark of state.doneMarks.splice(0)) {
    const group = groups.find(([first]) => first!.db === mark.db && first!.owner === mark.owner && first!.error === mark.error);
    if (group) group.push(mark);
    else groups.push([mark]);
  }
  for (const group of groups) {
    const [{ db, owner, error }] = group as [DoneMark, ...DoneMark[]];
    await markJobsDone(db, { ids: group.map((mark) => mark.id), owner, at, error }).then(
      () => group.forEach((mark) => mark.settle()),
      (failure: unknown) => group.forEach((mark) => mark.settle(failure ?? new Error("marking jobs done failed"))),
    );
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
