import type { SendingDeps } from "@/lib/sending/deps";
import { fallBack } from "@/lib/sending/fall-back";
import { getSendingDeps } from "@/lib/sending/runtime";
import { FAILURE_CLASS } from "@/lib/status";
import type { AttemptFailedData } from "../events";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// herald/attempt.failed (a provider reported a failure after hand-over — a bounce, an
// undelivered SMS, a returned letter — or the hand-over itself failed for good) → fall
// back to the next channel of the plan. A content problem (permanent_content) needs a
// person, not another channel. The new attempt's hand-over job is committed with it.

export async function fallBackWorkflow(data: AttemptFailedData, step: WorkflowStep, deps: () => Promise<SendingDeps> = getSendingDeps) {
  if (data.failureClass === FAILURE_CLASS.permanent_content)
    return { kind: "none" as const, reason: "the content needs a fix; no fallback" };
  return step.run("fall-back", async () => {
    const sending = await deps();
    const next = await fallBack(sending, data.attemptId);
    await publishOutbox(sending.db);
    return next;
  });
}
