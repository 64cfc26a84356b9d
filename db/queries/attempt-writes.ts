import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attempts, auditEvents } from "../schema";
import { type AwaitingFeedbackStatus, FAILURE_CLASS, UNCERTAIN_TRY, type FailureClass, type FailureStatus, STATUS } from "../schema/enums";
import { followLatestAttempts } from "./attempts";
import { enqueueJobs } from "./outbox";
import { fallBackJob } from "./outbox-jobs";

// The sending engine's attempt writes after creation (db/queries/attempt-inserts.ts creates
// them): the hand-over's outcome and manual completion. Status moves go through the same conditional UPDATE rule as
// provider feedback (only from the statuses a move may leave).

type NewAttempt = typeof attempts.$inferInsert;

export type HandoverOutcome =
  | { kind: "accepted"; status: AwaitingFeedbackStatus; label: string; providerMessageId: string }
  | {
      kind: "retry";
      retryAt: Date;
      errorCode: string;
      errorMessage: string;
      /** The provider may have acted on it (a lost answer): it is never moved to another provider. */
      uncertain?: boolean;
    }
  | {
      kind: "failed";
      status: FailureStatus;
      label: string;
      failureClass: FailureClass;
      errorCode: string;
      errorMessage: string;
    };

/**
 * Records what the provider answered. Accepted and failed move the status (only from
 * `queued`, so a webhook that overtook the answer is never undone); a retry keeps the
 * attempt queued with `retry_at` and the error so staff see why it waits.
 */
export async function recordHandover(db: Db, params: { attemptId: string; outcome: HandoverOutcome; at: Date }) {
  const { outcome, at } = params;
  const set: Partial<NewAttempt> =
    outcome.kind === "accepted"
      ? {
          status: outcome.status,
          statusLabel: outcome.label,
          statusAt: at,
          providerMessageId: outcome.providerMessageId,
          acceptedAt: at,
          ...(outcome.status === STATUS.sent ? { sentAt: at } : {}),
          retryAt: null,
          failureClass: null,
          errorCode: null,
          errorMessage: null,
        }
      : outcome.kind === "retry"
        ? {
            retryAt: outcome.retryAt,
            retryCount: sql`${attempts.retryCount} + 1` as unknown as number,
            failureClass: FAILURE_CLASS.temporary,
            errorCode: outcome.errorCode,
            errorMessage: outcome.errorMessage,
            ...(outcome.uncertain
              ? { meta: sql`${attempts.meta} || ${JSON.stringify({ [UNCERTAIN_TRY]: true })}::jsonb` as unknown as Record<string, unknown> }
              : {}),
          }
        : {
            status: outcome.status,
            statusLabel: outcome.label,
            statusAt: at,
            failedAt: at,
            retryAt: null,
            failureClass: outcome.failureClass,
            errorCode: outcome.errorCode,
            errorMessage: outcome.errorMessage,
          };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(attempts)
      .set({ ...set, handoverClaimedBy: null, handoverLeaseUntil: null, updatedAt: at })
      .where(and(eq(attempts.id, params.attemptId), eq(attempts.status, STATUS.queued)))
      .returning();
    if (!row) return null;
    await followLatestAttempts(tx, [row]);
    // A failed hand-over calls for the fallback decision, committed with the failure.
    if (outcome.kind === "failed") {
      const { errorCode, errorMessage, failureClass, status } = outcome;
      await enqueueJobs(tx, [
        fallBackJob({
          attemptId: row.id,
          communicationId: row.communicationId,
          channel: row.channel,
          status,
          failureClass,
          errorCode,
          errorMessage,
        }),
      ]);
    }
    return row;
  });
}

/**
 * Staff delivered a manual attempt by hand: it becomes Sent · Done with their note, the
 * communication follows, and the audit trail records who and when. Only from
 * manual_required; returns null otherwise.
 */
export async function completeManualAttempt(db: Db, params: { attemptId: string; note: string; actor: string; at: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(attempts)
      .set({
        status: STATUS.sent,
        statusLabel: "Done",
        statusAt: params.at,
        sentAt: params.at,
        manualNote: params.note,
        errorMessage: null,
        updatedAt: params.at,
      })
      .where(and(eq(attempts.id, params.attemptId), eq(attempts.status, STATUS.manual_required)))
      .returning();
    if (!row) return null;
    await followLatestAttempts(tx, [row]);
    await tx.insert(auditEvents).values({
      actorType: "staff",
      actorId: params.actor,
      action: "attempt.manual_completed",
      targetType: "communication",
      targetId: row.communicationId,
      data: { attemptId: row.id, note: params.note },
      createdAt: params.at,
    });
    return row;
  });
}
