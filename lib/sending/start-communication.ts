import { createManualAttempt, createPlannedAttempt } from "./create-attempt";
import type { SendingDeps } from "./deps";
import { planCommunication } from "./plan";
import { getSendingRows } from "./sending-rows";
import { type Provider, STATUS } from "@/lib/status";

// The first attempt of a communication: plan the channels, then render and queue the first
// planned one — or, with an empty plan, a manual_required attempt with the reason.
// Safe to repeat: a communication that already has attempts gets no second first attempt.

export type StartedCommunication =
  | { kind: "queued"; attemptId: string; provider: Provider }
  | { kind: "manual"; attemptId: string; reason: string }
  | { kind: "rejected"; attemptId: string }
  | { kind: "skipped"; reason: string };

export async function startCommunication(
  deps: SendingDeps,
  communicationId: string,
  options: { bulkJobId?: string } = {},
): Promise<StartedCommunication> {
  const sending = await getSendingRows(deps.db, { communicationId });
  if (!sending) return { kind: "skipped", reason: `communication ${communicationId} does not exist` };
  if (sending.communication.collectingData) return { kind: "skipped", reason: "still collecting data" };
  const first = sending.attempts[0];
  if (first) return { kind: "skipped", reason: `already started (attempt ${first.id})` };

  const { plan, manualMessage } = planCommunication(sending);
  const next = plan[0];
  if (!next) {
    const reason = manualMessage ?? "No channel to send on";
    const manual = await createManualAttempt(deps, sending, reason, { kind: "first", bulkJobId: options.bulkJobId });
    return { kind: "manual", attemptId: manual.id, reason };
  }
  const attempt = await createPlannedAttempt(deps, sending, next, { kind: "first", bulkJobId: options.bulkJobId });
  if (attempt.status === STATUS.rejected) return { kind: "rejected", attemptId: attempt.id };
  return { kind: "queued", attemptId: attempt.id, provider: attempt.provider };
}
