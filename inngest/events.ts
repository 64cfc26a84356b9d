import { eventType } from "inngest";
import { z } from "zod";
import type { OutboxRow } from "@/db/queries/outbox";
import { JOB_EVENT } from "@/db/queries/outbox-jobs";
import { providerEnum } from "@/db/schema/enums";
import { CHANNELS, FAILURE_CLASSES, FAILURE_STATUSES } from "@/lib/status";

// Typed Inngest events, one per outbox job kind (db/queries/outbox-jobs.ts names them).
// Payloads are validated before they are published (inngest/outbox.ts), so a handler only
// ever sees data its schema accepts.

/**
 * An attempt failed or was rejected after hand-over (provider webhook or Chorus Pro poll).
 * The sending engine reacts: retry on temporary, fall back on permanent_recipient, flag
 * for a human on permanent_content.
 */
export const attemptFailed = eventType(JOB_EVENT.fallBack, {
  schema: z.object({
    attemptId: z.guid(),
    communicationId: z.guid(),
    channel: z.enum(CHANNELS),
    status: z.enum(FAILURE_STATUSES),
    failureClass: z.enum(FAILURE_CLASSES),
    errorCode: z.string().nullable(),
    errorMessage: z.string(),
  }),
});

export type AttemptFailedData = z.infer<typeof attemptFailed.schema>;

/**
 * One event per failure reached; the id makes a repeat (the same status reported twice)
 * collapse into one, in Inngest (24 h event dedupe) and in the local runner.
 */
export function attemptFailedEvent(data: AttemptFailedData) {
  return attemptFailed.create(data, { id: `attempt-failed:${data.attemptId}:${data.status}` });
}

/** A communication was created (or put back in the queue): plan its channels and send. */
export const communicationRequested = eventType(JOB_EVENT.planCommunication, {
  schema: z.object({ communicationId: z.guid() }),
});

export function communicationRequestedEvent(data: z.infer<typeof communicationRequested.schema>) {
  return communicationRequested.create(data, { id: `communication-requested:${data.communicationId}` });
}

/**
 * An attempt waits to be handed to its provider. `provider` keys the per-provider throttle
 * and concurrency; the id makes a repeated dispatch of the same attempt run nothing.
 */
export const attemptQueued = eventType(JOB_EVENT.handOver, {
  schema: z.object({ attemptId: z.guid(), provider: z.enum(providerEnum.enumValues) }),
});

export function attemptQueuedEvent(data: z.infer<typeof attemptQueued.schema>) {
  return attemptQueued.create(data, { id: `attempt-queued:${data.attemptId}` });
}

/** A bulk send was confirmed: fan its communications out, a batch per step. */
export const bulkSendRequested = eventType(JOB_EVENT.bulkSend, {
  schema: z.object({ bulkJobId: z.guid() }),
});

export function bulkSendRequestedEvent(data: z.infer<typeof bulkSendRequested.schema>) {
  return bulkSendRequested.create(data, { id: `bulk-send:${data.bulkJobId}` });
}

export type HeraldEvent =
  | ReturnType<typeof attemptFailedEvent>
  | ReturnType<typeof communicationRequestedEvent>
  | ReturnType<typeof attemptQueuedEvent>
  | ReturnType<typeof bulkSendRequestedEvent>;

const EVENT_TYPES = [attemptFailed, communicationRequested, attemptQueued, bulkSendRequested];

/**
 * The event an outbox row publishes, validated against its schema. Its id is the row's:
 * publishing one row twice (a dispatcher that died before marking it done) is one event.
 */
export async function eventFromOutboxRow(row: Pick<OutboxRow, "id" | "eventName" | "data">): Promise<HeraldEvent> {
  const type = EVENT_TYPES.find((candidate) => candidate.name === row.eventName);
  if (!type) throw new Error(`unknown event ${row.eventName}`);
  const event = type.create(row.data as never, { id: `outbox-${row.id}` });
  await event.validate();
  return event as HeraldEvent;
}
