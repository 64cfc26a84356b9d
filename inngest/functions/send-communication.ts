import { getSendingDeps } from "@/lib/sending/runtime";
import type { SendingDeps } from "@/lib/sending/deps";
import { startCommunication } from "@/lib/sending/start-communication";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// herald/communication.requested → plan the channels, render and snapshot the first
// attempt (or a manual_required one); its hand-over job is committed with it (the outbox)
// and published right behind.

export async function sendCommunicationWorkflow(
  data: { communicationId: string },
  step: WorkflowStep,
  deps: () => Promise<SendingDeps> = getSendingDeps,
) {
  return step.run("plan-first-attempt", async () => {
    const sending = await deps();
    const started = await startCommunication(sending, data.communicationId);
    await publishOutbox(sending.db);
    return started;
  });
}
