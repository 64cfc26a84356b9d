import { getCommunicationForSending } from "@/db/queries/sending-reads";
import { HeraldError } from "@/lib/errors";
import type { SendingDeps } from "./deps";
import { resendAttempt } from "./resend-attempt";
import { startCommunication } from "./start-communication";
import { STATUS } from "@/lib/status";

// One communication of a bulk send: never sent → its first attempt; already sent → a
// resend of its latest attempt (same content, current contact details). Once per bulk
// job: asked again (a batch run again after a crash), insertAttempt returns the attempt
// this job made. An attempt still waiting to go out is not doubled. A refusal (opted out,
// no usable contact) is reported, not thrown: the rest of the batch goes on.

export type SendAgainResult =
  | { kind: "queued"; attemptId: string }
  | { kind: "manual"; attemptId: string }
  | { kind: "rejected"; attemptId: string }
  | { kind: "refused"; reason: string };

export async function sendAgain(
  deps: SendingDeps,
  params: { communicationId: string; createdBy: string; bulkJobId?: string },
): Promise<SendAgainResult> {
  const sending = await getCommunicationForSending(deps.db, { communicationId: params.communicationId });
  if (!sending) return { kind: "refused", reason: "communication not found" };
  const latest = sending.attempts.at(-1);
  // Still waiting to go out (being planned or handed over right now): it goes anyway, and
  // a second attempt beside it would reach the customer twice.
  if (latest?.status === STATUS.queued) return { kind: "queued", attemptId: latest.id };
  if (!latest) {
    const started = await startCommunication(deps, params.communicationId, { bulkJobId: params.bulkJobId });
    if (started.kind !== "skipped") return started;
    // Started a moment ago by its own planning job: that first attempt is the send.
    const first = (await getCommunicationForSending(deps.db, { communicationId: params.communicationId }))?.attempts[0];
    if (!first) return { kind: "refused", reason: started.reason };
    if (first.status === STATUS.rejected) return { kind: "rejected", attemptId: first.id };
    return first.status === STATUS.manual_required ? { kind: "manual", attemptId: first.id } : { kind: "queued", attemptId: first.id };
  }
  try {
    const resent = await resendAttempt(deps, { attemptId: latest.id, createdBy: params.createdBy, bulkJobId: params.bulkJobId });
    if (resent.status === STATUS.rejected) return { kind: "rejected", attemptId: resent.id };
    return { kind: "queued", attemptId: resent.id };
  } catch (error) {
    if (error instanceof HeraldError) return { kind: "refused", reason: error.message };
    throw error;
  }
}
