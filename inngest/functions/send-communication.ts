import { getSendingDeps } from "@/lib/sending/runtime";
import type { SendingDeps } from "@/lib/sending/deps";
import { startCommunication } from "@/lib/sending/start-communication";
import { attemptQueuedEvent } from "../events";
import type { WorkflowStep } from "../job";

// herald/communication.requested → plan the channels, render and snapshot the first
// attempt (or a manual_required one), then queue its hand-over.

export async function sendCommunicationWorkflow(
  data: { communicationId: string },
  step: WorkflowStep,
  deps: () => Promise<SendingDeps> = getSendingDeps,
) {
  const started = await step.run("plan-first-attempt", async () => startCommunication(await deps(), data.communicationId));
  if (started.kind === "queued") {
    await step.sendEvent("queue-hand-over", attemptQueuedEvent({ attemptId: started.attemptId, provider: started.provider }));
  }
  return started;
}
