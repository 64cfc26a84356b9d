import { z } from "zod";
import {
  attemptKindEnum,
  bulkJobStatusEnum,
  categoryEnum,
  providerEnum,
  providerEventOutcomeEnum,
  subjectTypeEnum,
} from "@/db/schema/enums";
import { ATTEMPT_STATUSES, CHANNELS, FAILURE_CLASSES } from "@/lib/status";

// What the platform API answers, as zod schemas: present.ts is typed against them, the
// OpenAPI document (openapi.ts) is generated from them, and the API tests validate every
// answer with them. Strict objects, so a field added to an answer without being documented
// here fails those tests.

const timestamp = z.iso.datetime({ offset: true });
const status = z.enum(ATTEMPT_STATUSES);

export const communicationResponse = z.strictObject({
  id: z.uuid(),
  subject: z.strictObject({ type: z.enum(subjectTypeEnum.enumValues), reference: z.string() }),
  customer: z.strictObject({ id: z.uuid(), name: z.string() }),
  category: z.enum(categoryEnum.enumValues),
  status: status.describe("The latest attempt's status (queued until the first attempt exists)."),
  statusLabel: z.string().nullable().describe("The channel's word for the status (Bounced, Returned…)."),
  channel: z.enum(CHANNELS).nullable().describe("The latest attempt's channel; null before the first attempt."),
  lastError: z.string().nullable(),
  attemptCount: z.int().min(0),
  ignoredAt: timestamp.nullable(),
  lastActivityAt: timestamp,
  statusUrl: z.url().describe("GET this for the attempts and provider events."),
});

export const attemptResponse = z.strictObject({
  id: z.uuid(),
  seq: z.int().min(1),
  kind: z.enum(attemptKindEnum.enumValues),
  repeatsAttemptId: z.uuid().nullable(),
  channel: z.enum(CHANNELS),
  provider: z.enum(providerEnum.enumValues),
  recipient: z.string(),
  status,
  statusLabel: z.string().nullable(),
  statusAt: timestamp,
  failureClass: z.enum(FAILURE_CLASSES).nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  retryCount: z.int().min(0),
  retryAt: timestamp.nullable(),
  contentSha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .describe("SHA-256 of the content sent, for proof."),
  createdAt: timestamp,
});

export const providerEventResponse = z.strictObject({
  type: z.string().describe("The provider's own event name."),
  status: status.nullable().describe("The status the event maps to; null when it maps to none."),
  outcome: z.enum(providerEventOutcomeEnum.enumValues),
  occurredAt: timestamp.nullable(),
  receivedAt: timestamp,
});

export const communicationDetailResponse = communicationResponse.extend({
  attempts: z.array(attemptResponse.extend({ events: z.array(providerEventResponse) })),
});

export const communicationListResponse = z.strictObject({
  data: z.array(communicationResponse),
  total: z.number().int().nonnegative().describe("Every communication the filters match (the page header's count), not only this page."),
  nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page."),
});

export const bulkSendResponse = z.strictObject({
  id: z.uuid(),
  status: z.enum(bulkJobStatusEnum.enumValues),
  total: z.int().min(0),
  processed: z.int().min(0),
  succeeded: z.int().min(0),
  failed: z.int().min(0),
  error: z.string().nullable(),
  createdBy: z.string(),
  createdAt: timestamp,
  startedAt: timestamp.nullable(),
  finishedAt: timestamp.nullable(),
});

export type CommunicationResponse = z.infer<typeof communicationResponse>;
export type AttemptResponse = z.infer<typeof attemptResponse>;
export type CommunicationDetailResponse = z.infer<typeof communicationDetailResponse>;
export type CommunicationListResponse = z.infer<typeof communicationListResponse>;
export type BulkSendResponse = z.infer<typeof bulkSendResponse>;
