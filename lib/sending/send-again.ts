import { getCommunicationForSending } from "@/db/queries/sending-reads";
import { HeraldError } from "@/lib/errors";
import type { SendingDeps } from "./deps";
import { resendAttempt } from "./resend-attempt";
import { startCommunication } from "./start-communication";
import { type Provider, STATUS } from "@/lib/status";

// One communication of a bulk send: never sent → its first attempt; already sent → a
// resend of its latest attempt (same content, current contact details). Once per bulk
// job: asked again (a batch run again after a crash), insertAttempt returns the attempt
// this job made. A refusal (opted out, no usable contact) is reported, not thrown: the
// rest of the batch goes on.

export type SendAgainResult =
  | { kind: "queued"; attemptId: string; provider: Provider }
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
  if (!latest) {
    const started = await startCommunication(deps, params.communicationId, { bulkJobId: params.bulkJobId });
    return started.kind === "skipped" ? { kind: "refused", reason: started.reason } : started;
  }
  try {
    const resent = await resendAttempt(deps, { attemptId: latest.id, createdBy: params.createdBy, bulkJobId: params.bulkJobId });
    if (resent.status === STATUS.rejected) return { kind: "rejected", attemptId: resent.id };
    return { kind: "queued", attemptId: resent.id, provider: resent.provider };
  } catch (error) {
    if (error instanceof HeraldError) return { kind: "refused", reason: error.message };
    throw error;
  }
}
