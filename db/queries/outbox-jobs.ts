import type { Channel, FailureClass, FailureStatus, Provider } from "../schema/enums";
import type { OutboxJob } from "./outbox";

// The jobs a state change queues in the outbox, named after the Inngest events that run
// them (inngest/events.ts defines each event's schema from these names and validates the
// data before it is published). The dedupe key is what the job is about: asking again
// while it waits queues nothing new.

export const JOB_EVENT = {
  planCommunication: "herald/communication.requested",
  handOver: "herald/attempt.queued",
  fallBack: "herald/attempt.failed",
  bulkSend: "herald/bulk-send.requested",
} as const;

/** Plan a new communication's channels and create its first attempt. */
export function planCommunicationJob(data: { communicationId: string }): OutboxJob {
  return { eventName: JOB_EVENT.planCommunication, data, dedupeKey: `communication-requested:${data.communicationId}` };
}

/** Hand a queued attempt to its provider (the provider keys the throttle). */
/**
 * `wake`: a second hand-over run for an attempt whose first run is asleep until its next try
 * (a failover woke it); its own key, so the sleeping run's live row does not swallow it.
 */
export function handOverJob(data: { attemptId: string; provider: Provider }, wake?: string): OutboxJob {
  return { eventName: JOB_EVENT.handOver, data, dedupeKey: `attempt-queued:${data.attemptId}${wake ? `:wake:${wake}` : ""}` };
}

export type AttemptFailureJobData = {
  attemptId: string;
  communicationId: string;
  channel: Channel;
  status: FailureStatus;
  failureClass: FailureClass;
  errorCode: string | null;
  errorMessage: string;
};

/** An attempt failed after or at hand-over: the sending engine decides whether to fall back. */
export function fallBackJob(data: AttemptFailureJobData): OutboxJob {
  return { eventName: JOB_EVENT.fallBack, data, dedupeKey: `attempt-failed:${data.attemptId}:${data.status}` };
}

/** A confirmed bulk send: fan its communications out. */
export function bulkSendJob(data: { bulkJobId: string }): OutboxJob {
  return { eventName: JOB_EVENT.bulkSend, data, dedupeKey: `bulk-send:${data.bulkJobId}` };
}
