import { and, eq, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attempts } from "../schema";
import { STATUS, UNCERTAIN_TRY } from "../schema/enums";

const UNCERTAIN_TRY_JSON = JSON.stringify({ [UNCERTAIN_TRY]: true });

// Who hands an attempt over: a worker claims it for a lease; recordHandover
// (attempt-writes.ts) releases the claim with the provider's answer.

/**
 * Takes the hand-over of a queued attempt for `leaseMs`: only one worker at a time gets
 * it, only once its retry time has come, and never once it left `queued`. A claim whose
 * lease ran out (a crashed worker) can be taken again; the provider's idempotency key then
 * keeps that from sending twice.
 */
export async function claimAttemptForHandover(db: Db, params: { attemptId: string; owner: string; leaseMs: number; now?: Date }) {
  const now = params.now ?? new Date();
  const [row] = await db
    .update(attempts)
    .set({
      handoverClaimedBy: params.owner,
      handoverLeaseUntil: new Date(now.getTime() + params.leaseMs),
      // A claim taken over from a worker that never recorded its answer: that worker may have sent it.
      meta: sql`CASE WHEN ${attempts.handoverClaimedBy} IS NOT NULL THEN ${attempts.meta} || ${UNCERTAIN_TRY_JSON}::jsonb ELSE ${attempts.meta} END`,
      updatedAt: now,
    })
    .where(
      and(
        eq(attempts.id, params.attemptId),
        eq(attempts.status, STATUS.queued),
        or(isNull(attempts.retryAt), lte(attempts.retryAt, now)),
        or(isNull(attempts.handoverLeaseUntil), lte(attempts.handoverLeaseUntil, now)),
      ),
    )
    .returning();
  return row ?? null;
}

/**
 * The embedded runner at start: hand-overs another process claimed died with it (one
 * embedded runner per database), so their attempts can be claimed again at once.
 */
export async function releaseHandoverClaimsOfOthers(db: Db, params: { owner: string }) {
  const rows = await db
    .update(attempts)
    // Its worker died before it recorded an answer: the provider may have the message.
    .set({ handoverClaimedBy: null, handoverLeaseUntil: null, meta: sql`${attempts.meta} || ${UNCERTAIN_TRY_JSON}::jsonb` })
    .where(
      and(
        eq(attempts.status, STATUS.queued),
        sql`${attempts.handoverLeaseUntil} IS NOT NULL`,
        sql`${attempts.handoverClaimedBy} IS DISTINCT FROM ${params.owner}`,
      ),
    )
    .returning({ id: attempts.id });
  return rows.length;
}
