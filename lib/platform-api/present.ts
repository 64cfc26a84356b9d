import type { attempts, bulkJobs, communications, providerEvents } from "@/db/schema";
import type { AttemptResponse, BulkSendResponse, CommunicationDetailResponse, CommunicationResponse } from "./responses";

// What the platform API answers: plain JSON, ISO dates, no content bodies in lists. Each
// presenter returns its response schema's type (responses.ts), so the answer and its
// documentation cannot drift apart without a type error.

type CommunicationRow = typeof communications.$inferSelect;
type AttemptRow = typeof attempts.$inferSelect;
type EventRow = Pick<
  typeof providerEvents.$inferSelect,
  "attemptId" | "eventType" | "mappedStatus" | "outcome" | "occurredAt" | "receivedAt"
>;

type CommunicationSummary = Pick<
  CommunicationRow,
  | "id"
  | "subjectType"
  | "subjectRef"
  | "customerId"
  | "customerName"
  | "category"
  | "channel"
  | "status"
  | "statusLabel"
  | "lastError"
  | "attemptCount"
  | "lastActivityAt"
  | "ignoredAt"
>;

export function presentCommunication(row: CommunicationSummary, baseUrl: string): CommunicationResponse {
  return {
    id: row.id,
    subject: { type: row.subjectType, reference: row.subjectRef },
    customer: { id: row.customerId, name: row.customerName },
    category: row.category,
    status: row.status,
    statusLabel: row.statusLabel,
    channel: row.channel,
    lastError: row.lastError,
    attemptCount: row.attemptCount,
    ignoredAt: row.ignoredAt?.toISOString() ?? null,
    lastActivityAt: row.lastActivityAt.toISOString(),
    statusUrl: `${baseUrl}/api/v1/communications/${row.id}`,
  };
}

export function presentAttempt(row: AttemptRow): AttemptResponse {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    repeatsAttemptId: row.repeatsAttemptId,
    channel: row.channel,
    provider: row.provider,
    recipient: row.recipient,
    status: row.status,
    statusLabel: row.statusLabel,
    statusAt: row.statusAt.toISOString(),
    failureClass: row.failureClass,
    errorCode: row.errorCode,
    errorMessage: row.errorMessage,
    providerMessageId: row.providerMessageId,
    retryCount: row.retryCount,
    retryAt: row.retryAt?.toISOString() ?? null,
    contentSha256: row.contentSha256,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A communication with all its attempts, each with the provider events received for it. */
export function presentCommunicationDetail(
  detail: { communication: CommunicationSummary; attempts: AttemptRow[]; events: EventRow[] },
  baseUrl: string,
): CommunicationDetailResponse {
  return {
    ...presentCommunication(detail.communication, baseUrl),
    attempts: detail.attempts.map((attempt) => ({
      ...presentAttempt(attempt),
      events: detail.events
        .filter((event) => event.attemptId === attempt.id)
        .map((event) => ({
          type: event.eventType,
          status: event.mappedStatus,
          outcome: event.outcome,
          occurredAt: event.occurredAt?.toISOString() ?? null,
          receivedAt: event.receivedAt.toISOString(),
        })),
    })),
  };
}

/** The origin links point at: HERALD_PUBLIC_URL when set (behind a proxy), else the request's. */
export function apiBaseUrl(request: Request, publicUrl: string | undefined): string {
  return (publicUrl ?? new URL(request.url).origin).replace(/\/$/, "");
}

export function presentBulkJob(job: typeof bulkJobs.$inferSelect): BulkSendResponse {
  return {
    id: job.id,
    status: job.status,
    total: job.total,
    processed: job.processed,
    succeeded: job.succeeded,
    failed: job.failed,
    error: job.error,
    createdBy: job.createdBy,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
