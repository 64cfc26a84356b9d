import { getSendingDeps } from "@/lib/sending/runtime";
import type { SendingDeps } from "@/lib/sending/deps";
import { startCommunications } from "@/lib/sending/start-communication";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// herald/communication.requested, a batch of them per run → plan the channels, render and
// snapshot each first attempt (or a manual_required one), all written in one transaction;
// their hand-over jobs are committed with them (the outbox) and published right behind.

export async function sendCommunicationWorkflow(
  data: { communicationIds: readonly string[] },
  step: WorkflowStep,
  deps: () => Promise<SendingDeps> = getSendingDeps,
) {
  return step.run("plan-first-attempts", async () => {
    const sending = await deps();
    const started = await startCommunications(sending, data.communicationIds);
    await publishOutbox(sending.db);
    return started;
  });
}
