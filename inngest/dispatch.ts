import { readEnv } from "@/lib/env";
import type { Provider } from "@/lib/status";
import type { AttemptFailure } from "@/lib/webhooks/plan-feedback";
import { inngest } from "./client";
import { attemptFailedEvent, attemptQueuedEvent, bulkSendRequestedEvent, communicationRequestedEvent, type HeraldEvent } from "./events";
import { dispatchLocally } from "./local-runner";

// Where events go. INNGEST_EVENT_KEY (production) or INNGEST_DEV (a local Inngest dev
// server) → Inngest; neither → the embedded default: the in-process local runner.

export type InngestMode = "cloud" | "dev" | "embedded";

export function inngestMode(env = readEnv()): InngestMode {
  if (env.INNGEST_EVENT_KEY) return "cloud";
  if (env.INNGEST_DEV && env.INNGEST_DEV !== "0" && env.INNGEST_DEV !== "false") return "dev";
  return "embedded";
}

/** Validates every event against its schema, then sends it to Inngest or runs it here. */
export async function sendEvents(events: HeraldEvent[]): Promise<void> {
  if (events.length === 0) return;
  await Promise.all(events.map((event) => event.validate()));
  if (inngestMode() === "embedded") await dispatchLocally(events);
  else await inngest.send(events);
}

export function publishAttemptFailures(failures: AttemptFailure[]): Promise<void> {
  return sendEvents(failures.map(attemptFailedEvent));
}

/** Queues a created communication for planning and sending. */
export function requestSend(communicationId: string): Promise<void> {
  return sendEvents([communicationRequestedEvent({ communicationId })]);
}

/** Queues an attempt created outside a workflow (a resend) for its hand-over. */
export function queueHandOver(attempt: { attemptId: string; provider: Provider }): Promise<void> {
  return sendEvents([attemptQueuedEvent(attempt)]);
}

export function startBulkSend(bulkJobId: string): Promise<void> {
  return sendEvents([bulkSendRequestedEvent({ bulkJobId })]);
}
