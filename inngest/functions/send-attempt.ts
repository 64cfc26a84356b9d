import type { SendingDeps } from "@/lib/sending/deps";
import { fallBack } from "@/lib/sending/fall-back";
import { handOverAttempt, type HandoverResult } from "@/lib/sending/hand-over";
import { getSendingDeps } from "@/lib/sending/runtime";
import { attemptQueuedEvent } from "../events";
import type { WorkflowStep } from "../job";

// herald/attempt.queued → hand the attempt to its provider. Temporary failures wait
// (step.sleep: durable on Inngest, a timer in the embedded runner) and try again with the
// same idempotency key; each try is its own memoised step, so a replay never repeats a
// hand-over that happened. When the provider refuses the recipient, or the retry budget
// is spent, the next channel of the plan takes over.

/** Waits plus tries; far above any retry budget, it only stops a runaway loop. */
const MAX_ROUNDS = 50;

export async function sendAttemptWorkflow(
  data: { attemptId: string },
  step: WorkflowStep,
  deps: () => Promise<SendingDeps> = getSendingDeps,
) {
  let result: HandoverResult = { kind: "skipped", reason: "not tried" };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    result = await step.run(`hand-over-${round}`, async () => handOverAttempt(await deps(), data.attemptId));
    if (result.kind !== "wait") break;
    await step.sleep(`wait-${round}`, result.delayMs);
  }
  if (result.kind === "failed" && result.fallBack) {
    const next = await step.run("fall-back", async () => fallBack(await deps(), data.attemptId));
    if (next.kind === "queued") {
      await step.sendEvent("queue-fallback", attemptQueuedEvent({ attemptId: next.attemptId, provider: next.provider }));
    }
    return { handOver: result, fallBack: next };
  }
  return { handOver: result };
}
