import { eventType } from "inngest";
import { z } from "zod";
import { CHANNELS, FAILURE_CLASSES } from "@/lib/status";

// Typed Inngest events. Payloads are validated when sent (inngest/dispatch.ts) and, in
// embedded mode, before a local handler sees them.

/**
 * An attempt failed or was rejected after hand-over (provider webhook or Chorus Pro poll).
 * The sending engine reacts: retry on temporary, fall back on permanent_recipient, flag
 * for a human on permanent_content.
 */
export const attemptFailed = eventType("herald/attempt.failed", {
  schema: z.object({
    attemptId: z.guid(),
    communicationId: z.guid(),
    channel: z.enum(CHANNELS),
    status: z.enum(["failed", "rejected"]),
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
