import type { SendingDeps } from "@/lib/sending/deps";
import { handOverAttempt, type HandoverResult } from "@/lib/sending/hand-over";
import { getSendingDeps } from "@/lib/sending/runtime";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// herald/attempt.queued → hand the attempt to its provider. Temporary failures wait
// (step.sleep: durable on Inngest, a timer in the embedded runner) and try again with the
// same idempotency key; each try is its own memoised step, so a replay never repeats a
// hand-over that happened. A hand-over that fails for good (the provider refuses the
// recipient, or the retry budget is spent) commits its fallback job with the failure;
// it is published right behind.

/** Waits plus tries; far above any retry budget, it only stops a runaway loop. */
const MAX_ROUNDS = 50;

export async function sendAttemptWorkflow(
  data: { attemptId: string },
  step: WorkflowStep,
  deps: () => Promise<SendingDeps> = getSendingDeps,
) {
  let result: HandoverResult = { kind: "skipped", reason: "not tried" };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    result = await step.run(`hand-over-${round}`, async () => {
      const sending = await deps();
      const handedOver = await handOverAttempt(sending, data.attemptId);
      // A failure's fallback job, a move's hand-over of the failover attempt, the waiting
      // attempts a failover woke (a failed try can tip the route), or the fallback of a failure
      // reported before the hand-over was recorded, go out right behind.
      const { kind } = handedOver;
      const queuedJobs = kind === "failed" || kind === "moved" || kind === "wait" || (kind === "accepted" && handedOver.queuedJobs);
      if (queuedJobs) await publishOutbox(sending.db);
      return handedOver;
    });
    if (result.kind !== "wait") break;
    await step.sleep(`wait-${round}`, result.delayMs);
  }
  return { handOver: result };
}
