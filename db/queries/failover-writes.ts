import { and, eq } from "drizzle-orm";
import type { Db } from "../client";
import { attempts } from "../schema";
import { FAILED_OVER_CODE, FAILURE_CLASS, STATUS } from "../schema/enums";
import { insertAttempt, type InsertAttemptParams } from "./attempt-inserts";

// An attempt moved to another provider of its channel (lib/failover/fail-over.ts), in one
// transaction: it closes (Rejected, "Moved to another provider", no fallback job — its
// content goes on), and its `failover` attempt is appended with its hand-over job. Only
// while it is still queued, so a hand-over that got through first is never doubled.

export async function recordFailover(
  db: Db,
  params: { attemptId: string; owner: string; label: string; errorMessage: string; at: Date; failover: InsertAttemptParams },
) {
  return db.transaction(async (tx) => {
    const [closed] = await tx
      .update(attempts)
      .set({
        status: STATUS.rejected,
        statusLabel: params.label,
        statusAt: params.at,
        failedAt: params.at,
        retryAt: null,
        failureClass: FAILURE_CLASS.temporary,
        errorCode: FAILED_OVER_CODE,
        errorMessage: params.errorMessage,
        handoverClaimedBy: null,
        handoverLeaseUntil: null,
        updatedAt: params.at,
      })
      // Only the worker holding the hand-over claim moves it.
      .where(and(eq(attempts.id, params.attemptId), eq(attempts.status, STATUS.queued), eq(attempts.handoverClaimedBy, params.owner)))
      .returning({ id: attempts.id });
    if (!closed) return null;
    // The communication follows its new latest attempt (insertAttempt), never showing the gap as a failure.
    const { attempt } = await insertAttempt(tx, params.failover);
    return attempt;
  });
}

/** A waiting attempt whose provider the channel failed over from: its next try (the move) comes sooner. */
export async function bringRetryForward(db: Db, params: { attemptId: string; retryAt: Date }) {
  await db
    .update(attempts)
    .set({ retryAt: params.retryAt })
    .where(and(eq(attempts.id, params.attemptId), eq(attempts.status, STATUS.queued)));
}
