import type { SendingDeps } from "@/lib/sending/deps";
import { fallBack } from "@/lib/sending/fall-back";
import { getSendingDeps } from "@/lib/sending/runtime";
import { inngest } from "../client";
import { type AttemptFailedData, attemptFailed, attemptQueuedEvent } from "../events";
import type { WorkflowStep } from "../local-runner";
import { FAILURE_CLASS } from "@/lib/status";

// herald/attempt.failed (a provider reported a failure after hand-over: a bounce, an
// undelivered SMS, a returned letter) → fall back to the next channel of the plan.
// A content problem (permanent_content) needs a person, not another channel.

export async function fallBackWorkflow(data: AttemptFailedData, step: WorkflowStep, deps: () => Promise<SendingDeps> = getSendingDeps) {
  if (data.failureClass === FAILURE_CLASS.permanent_content) return { kind: "none" as const, reason: "the content needs a fix; no fallback" };
  const next = await step.run("fall-back", async () => fallBack(await deps(), data.attemptId));
  if (next.kind === "queued") {
    await step.sendEvent("queue-fallback", attemptQueuedEvent({ attemptId: next.attemptId, provider: next.provider }));
  }
  return next;
}

export const fallBackFunction = inngest.createFunction(
  { id: "fall-back", triggers: [attemptFailed], retries: 5 },
  ({ event, step }) => fallBackWorkflow(event.data, step),
);
