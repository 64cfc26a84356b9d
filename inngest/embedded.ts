import type { Db } from "@/db/client";
import { releaseHandoverClaimsOfOthers } from "@/db/queries/handover-claims";
import { enqueueJobs, releaseClaimsOfOthers } from "@/db/queries/outbox";
import { handOverJob, planCommunicationJob } from "@/db/queries/outbox-jobs";
import { listQueuedAttempts, listUnplannedCommunications } from "@/db/queries/sending-reads";
import { instanceId } from "@/lib/instance";
import { registerLocalFunction, startLocalSchedules } from "./local-runner";
import { inngestMode } from "./mode";
import { drainOutbox } from "./outbox";
import { jobs } from "./registry";

// The embedded default's stand-in for Inngest (README.md, "Jobs"), started once by
// instrumentation.ts when Next boots: the jobs of inngest/registry.ts registered with the
// in-process runner, the crons armed (the outbox drain among them), and the work an
// earlier process left unfinished taken up again from the database. One embedded runner
// per database: what another process held is taken to have died with it.
// With Inngest configured all of this runs there and nothing here starts.

export function registerEmbeddedFunctions(): void {
  for (const job of jobs) registerLocalFunction(job);
}

export async function startEmbeddedRuntime(db: () => Promise<Db>, env: Record<string, string | undefined> = process.env): Promise<void> {
  if (inngestMode() !== "embedded") return;
  if (env.DATABASE_URL) {
    console.warn(
      "[herald] jobs run in this process (no INNGEST_EVENT_KEY or INNGEST_DEV): run one instance only on this database — a second would run the same jobs",
    );
  }
  registerEmbeddedFunctions();
  startLocalSchedules();
  const resumed = await resumeUnfinishedWork(await db());
  const total = resumed.released + resumed.queued;
  if (total > 0) console.log(`[herald] resumed unfinished work: ${resumed.released} job(s) released, ${resumed.queued} re-queued`);
  void drainOutbox(await db()).catch((error) => console.error("[herald] outbox drain at start failed; the cron drain retries", error));
}

const PAGE = 1_000;

/**
 * At start: the jobs and hand-over claims another process held are released (it is gone),
 * and every communication never planned and every attempt still queued gets its job back
 * in the outbox if it has none waiting — work that was queued before the outbox, or whose
 * run ended without finishing it. Consumers are idempotent, so a job queued twice runs once.
 */
export async function resumeUnfinishedWork(db: Db, now = new Date()): Promise<{ released: number; queued: number }> {
  const owner = instanceId();
  const released = (await releaseClaimsOfOthers(db, { owner, now })) + (await releaseHandoverClaimsOfOthers(db, { owner }));
  let queued = 0;
  for (let afterId: string | undefined; ;) {
    const rows = await listUnplannedCommunications(db, { limit: PAGE, afterId });
    if (rows.length === 0) break;
    queued += await enqueueJobs(
      db,
      rows.map((row) => planCommunicationJob({ communicationId: row.id })),
    );
    afterId = rows.at(-1)!.id;
  }
  for (let afterId: string | undefined; ;) {
    const rows = await listQueuedAttempts(db, { limit: PAGE, afterId });
    if (rows.length === 0) break;
    queued += await enqueueJobs(
      db,
      rows.map((row) => handOverJob({ attemptId: row.id, provider: row.provider })),
    );
    afterId = rows.at(-1)!.id;
  }
  return { released, queued };
}
