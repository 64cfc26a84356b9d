import { prepareAndInsert, type Prepared } from "./attempt-batch";
import { type AttemptLink, manualAttempt, plannedAttempt } from "./create-attempt";
import type { SendingDeps } from "./deps";
import { planCommunication } from "./plan";
import { listSendingRows, type SendingRows } from "./sending-rows";
import { type Provider, STATUS } from "@/lib/status";

// The first attempt of a communication: plan the channels, then render and queue the first
// planned one — or, with an empty plan, a manual_required attempt with the reason.
// Safe to repeat: a communication that already has attempts gets no second first attempt.
// Many communications are started together: read in one batch, planned and rendered one
// after the other, and written in one transaction (db/queries/attempt-inserts.ts).

export type StartedCommunication =
  | { kind: "queued"; attemptId: string; provider: Provider }
  | { kind: "manual"; attemptId: string; reason: string }
  | { kind: "rejected"; attemptId: string }
  | { kind: "skipped"; reason: string };

export type StartOptions = { bulkJobId?: string };

export async function startCommunication(
  deps: SendingDeps,
  communicationId: string,
  options: StartOptions = {},
): Promise<StartedCommunication> {
  const [started] = await startCommunications(deps, [communicationId], options);
  return started!;
}

/**
 * startCommunication for each id, in the order given. A communication whose planning threw
 * (a fault: bad data is recorded on a rejected attempt) does not hold the rest back: the
 * others are written, then the error is thrown so the job runs again for it.
 */
export async function startCommunications(
  deps: SendingDeps,
  communicationIds: readonly string[],
  options: StartOptions = {},
): Promise<StartedCommunication[]> {
  const ids = [...new Set(communicationIds)];
  const rowsOf = new Map((await listSendingRows(deps.db, { ids })).map((rows) => [rows.communication.id, rows]));
  const outcomes = await prepareAndInsert<StartedCommunication>(deps.db, ids, {
    prepare: async (id) => {
      const sending = rowsOf.get(id);
      if (!sending) return { outcome: { kind: "skipped", reason: `communication ${id} does not exist` } };
      return firstAttempt(deps, sending, { kind: "first", bulkJobId: options.bulkJobId });
    },
    written: ({ attempt }) => startedAs(attempt),
  });
  return communicationIds.map((id) => outcomes.get(id)!);
}

/** A communication's first attempt to insert, or why it gets none. */
export async function firstAttempt(deps: SendingDeps, sending: SendingRows, link: AttemptLink): Promise<Prepared<StartedCommunication>> {
  if (sending.communication.collectingData) return { outcome: { kind: "skipped", reason: "still collecting data" } };
  const first = sending.attempts[0];
  if (first) return { outcome: { kind: "skipped", reason: `already started (attempt ${first.id})` } };
  const { plan, manualMessage } = planCommunication(sending);
  const next = plan[0];
  if (!next) return { insert: manualAttempt(sending, manualMessage ?? "No channel to send on", link) };
  return { insert: await plannedAttempt(deps, sending, next, link) };
}

function startedAs(attempt: { id: string; status: string; provider: Provider; errorMessage: string | null }): StartedCommunication {
  if (attempt.status === STATUS.manual_required) return { kind: "manual", attemptId: attempt.id, reason: attempt.errorMessage ?? "" };
  if (attempt.status === STATUS.rejected) return { kind: "rejected", attemptId: attempt.id };
  return { kind: "queued", attemptId: attempt.id, provider: attempt.provider };
}
