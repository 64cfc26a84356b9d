import type { Db } from "@/db/client";
import { listQueuedAttempts, listUnplannedCommunications } from "@/db/queries/sending-reads";
import { inngestMode, sendEvents } from "./dispatch";
import { attemptFailed, attemptQueued, attemptQueuedEvent, bulkSendRequested, communicationRequested, communicationRequestedEvent } from "./events";
import { bulkSendWorkflow } from "./functions/bulk-send";
import { fallBackWorkflow } from "./functions/fall-back";
import { pollChorusProWorkflow } from "./functions/poll-chorus-pro";
import { purgeProviderEventsWorkflow } from "./functions/purge-provider-events";
import { HANDOVER_CONCURRENCY_PER_PROVIDER, sendAttemptWorkflow } from "./functions/send-attempt";
import { sendCommunicationWorkflow } from "./functions/send-communication";
import { registerLocalFunction, registerLocalSchedule, startLocalSchedules } from "./local-runner";

// The embedded default's stand-in for Inngest (DESIGN.md §4), started once by
// instrumentation.ts when Next boots: the same workflows as inngest/functions, registered
// with the in-process runner, the crons on timers, and — since an in-process queue does
// not survive a restart — the work left queued re-dispatched from the database.
// With Inngest configured all of this runs there and nothing here starts.

const MINUTE = 60_000;

export function registerEmbeddedFunctions(): void {
  registerLocalFunction(communicationRequested, { id: "send-communication" }, ({ event, step }) => sendCommunicationWorkflow(event.data, step));
  registerLocalFunction(
    attemptQueued,
    { id: "send-attempt", concurrency: { key: (event) => String(event.data.provider), limit: HANDOVER_CONCURRENCY_PER_PROVIDER } },
    ({ event, step }) => sendAttemptWorkflow(event.data, step),
  );
  registerLocalFunction(attemptFailed, { id: "fall-back" }, ({ event, step }) => fallBackWorkflow(event.data, step));
  registerLocalFunction(bulkSendRequested, { id: "bulk-send" }, ({ event, step }) => bulkSendWorkflow(event.data, step));
}

export async function startEmbeddedRuntime(db: () => Promise<Db>): Promise<void> {
  if (inngestMode() !== "embedded") return;
  registerEmbeddedFunctions();
  registerLocalSchedule({ id: "poll-chorus-pro", everyMs: 15 * MINUTE, run: pollChorusProWorkflow });
  registerLocalSchedule({ id: "purge-provider-events", everyMs: 24 * 60 * MINUTE, run: purgeProviderEventsWorkflow });
  startLocalSchedules();
  const dispatched = await redispatchPendingWork(await db());
  if (dispatched.attempts + dispatched.communications > 0) {
    console.log(`[herald] re-dispatched ${dispatched.attempts} queued attempt(s) and ${dispatched.communications} unplanned communication(s)`);
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
  for (let afterId: string | undefined; ; ) {
    const rows = await listUnplannedCommunications(db, { limit: PAGE, afterId });
    if (rows.length === 0) break;
    await sendEvents(rows.map((row) => communicationRequestedEvent({ communicationId: row.id })));
    communications += rows.length;
    afterId = rows.at(-1)!.id;
  }
  let attempts = 0;
  for (let afterId: string | undefined; ; ) {
    const rows = await listQueuedAttempts(db, { limit: PAGE, afterId });
    if (rows.length === 0) break;
    await sendEvents(rows.map((row) => attemptQueuedEvent({ attemptId: row.id, provider: row.provider })));
    attempts += rows.length;
    afterId = rows.at(-1)!.id;
  }
  return { attempts, communications };
}
