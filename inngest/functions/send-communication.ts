import { getSendingDeps } from "@/lib/sending/runtime";
import type { SendingDeps } from "@/lib/sending/deps";
import { startCommunication } from "@/lib/sending/start-communication";
import { inngest } from "../client";
import { attemptQueuedEvent, communicationRequested } from "../events";
import type { WorkflowStep } from "../local-runner";

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

export const sendCommunicationFunction = inngest.createFunction(
  { id: "send-communication", triggers: [communicationRequested], retries: 5 },
  ({ event, step }) => sendCommunicationWorkflow(event.data, step),
);
