import type { SendingDeps } from "@/lib/sending/deps";
import { fallBack } from "@/lib/sending/fall-back";
import { getSendingDeps } from "@/lib/sending/runtime";
import { type AttemptFailedData, attemptQueuedEvent } from "../events";
import type { WorkflowStep } from "../job";
import { FAILURE_CLASS } from "@/lib/status";

// herald/attempt.failed (a provider reported a failure after hand-over: a bounce, an
// undelivered SMS, a returned letter) → fall back to the next channel of the plan.
// A content problem (permanent_content) needs a person, not another channel.

export async function fallBackWorkflow(data: AttemptFailedData, step: WorkflowStep, deps: () => Promise<SendingDeps> = getSendingDeps) {
  if (data.failureClass === FAILURE_CLASS.permanent_content)
    return { kind: "none" as const, reason: "the content needs a fix; no fallback" };
  const next = await step.run("fall-back", async () => fallBack(await deps(), data.attemptId));
  if (next.kind === "queued") {
    await step.sendEvent("queue-fallback", attemptQueuedEvent({ attemptId: next.attemptId, provider: next.provider }));
  }
  return next;
}
