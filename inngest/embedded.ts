import type { Db } from "@/db/client";
import { listQueuedAttempts, listUnplannedCommunications } from "@/db/queries/sending-reads";
import { inngestMode, sendEvents } from "./dispatch";
import { attemptQueuedEvent, communicationRequestedEvent } from "./events";
import { registerLocalFunction, startLocalSchedules } from "./local-runner";
import { jobs } from "./registry";

// The embedded default's stand-in for Inngest (README.md, "Jobs"), started once by
// instrumentation.ts when Next boots: the jobs of inngest/registry.ts, registered with the
// in-process runner, the crons armed, and — since an in-process queue does not survive a
// restart — the work left queued re-dispatched from the database.
// With Inngest configured all of this runs there and nothing here starts.

export function registerEmbeddedFunctions(): void {
  for (const job of jobs) registerLocalFunction(job);
}

export async function startEmbeddedRuntime(db: () => Promise<Db>): Promise<void> {
  if (inngestMode() !== "embedded") return;
  registerEmbeddedFunctions();
  startLocalSchedules();
  const dispatched = await redispatchPendingWork(await db());
  if (dispatched.attempts + dispatched.communications > 0) {
    console.log(
      `[herald] re-dispatched ${dispatched.attempts} queued attempt(s) and ${dispatched.communications} unplanned communication(s)`,
    );
  }
}

const PAGE = 1_000;

/**
 * Everything an earlier process left unfinished: communications never planned and attempts
 * still queued (waiting for a hand-over or a retry — the workflow waits for retry_at).
 * Each goes out once per process: the events carry the attempt's id, and the hand-over
 * claim keeps a second worker from sending it again.
 */
export async function redispatchPendingWork(db: Db): Promise<{ attempts: number; communications: number }> {
  let communications = 0;
  for (let afterId: string | undefined; ;) {
    const rows = await listUnplannedCommunications(db, { limit: PAGE, afterId });
    if (rows.length === 0) break;
    await sendEvents(rows.map((row) => communicationRequestedEvent({ communicationId: row.id })));
    communications += rows.length;
    afterId = rows.at(-1)!.id;
  }
  let attempts = 0;
  for (let afterId: string | undefined; ;) {
    const rows = await listQueuedAttempts(db, { limit: PAGE, afterId });
    if (rows.length === 0) break;
    await sendEvents(rows.map((row) => attemptQueuedEvent({ attemptId: row.id, provider: row.provider })));
    attempts += rows.length;
    afterId = rows.at(-1)!.id;
  }
  return { attempts, communications };
}
