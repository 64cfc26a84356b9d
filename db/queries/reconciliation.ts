import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, notExists, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../client";
import { attempts, communications, reconciliationRuns } from "../schema";
import {
  type AttemptStatus,
  FAILED_OVER_CODE,
  FAILURE_CLASS,
  FAILURE_STATUSES,
  type Provider,
  UNCERTAIN_HANDOVER_CODE,
} from "../schema/enums";

// Reconciliation with the providers (lib/reconciliation): the attempts whose feedback is
// overdue, the failed attempts whose fallback never ran, and the record of each run.

const ids = (values: readonly string[]) => sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(values)}::jsonb)::uuid)`;

/**
 * One provider's attempts in one of `statuses` since a time in [statusAfter, statusBefore)
 * and not asked about since `checkedBefore`, oldest first (attempts_awaiting_feedback_idx).
 * The query itself, so its plan can be checked (tests/integration/query-plans.pg.test.ts).
 */
export function listAttemptsDueForReconciliation(
  db: Db,
  params: {
    provider: Provider;
    statuses: readonly AttemptStatus[];
    statusBefore: Date;
    statusAfter: Date;
    checkedBefore: Date;
    limit: number;
  },
) {
  return db
    .select({
      id: attempts.id,
      status: attempts.status,
      statusAt: attempts.statusAt,
      providerMessageId: sql<string>`${attempts.providerMessageId}`,
      recipient: attempts.recipient,
      postalCode: sql<string | null>`${attempts.recipientPostal}->>'postalCode'`,
      subjectRef: attempts.subjectRef,
    })
    .from(attempts)
    .where(
      and(
        eq(attempts.provider, params.provider),
        inArray(attempts.status, [...params.statuses]),
        sql`${attempts.providerMessageId} IS NOT NULL`,
        lt(attempts.statusAt, params.statusBefore),
        gte(attempts.statusAt, params.statusAfter),
        or(isNull(attempts.reconciledAt), lt(attempts.reconciledAt, params.checkedBefore)),
      ),
    )
    .orderBy(asc(attempts.statusAt))
    .limit(params.limit);
}

/** Records that the provider was asked (leaves updated_at alone: nothing the page shows changed). */
export async function markAttemptsReconciled(db: Db, params: { attemptIds: readonly string[]; at: Date }) {
  if (params.attemptIds.length === 0) return;
  await db
    .update(attempts)
    .set({ reconciledAt: params.at })
    .where(sql`${attempts.id} = ANY(${ids(params.attemptIds)})`);
}

export async function getAttemptStatuses(db: Db, params: { attemptIds: readonly string[] }) {
  if (params.attemptIds.length === 0) return new Map<string, AttemptStatus>();
  const rows = await db
    .select({ id: attempts.id, status: attempts.status })
    .from(attempts)
    .where(sql`${attempts.id} = ANY(${ids(params.attemptIds)})`);
  return new Map(rows.map((row) => [row.id, row.status]));
}

/**
 * The provider named the message anew (Chorus Pro: the invoice id of a deposit flux): it is
 * tracked by the new id from now on, and the first one stays in meta.firstProviderMessageId.
 * Only from the id the caller read, so two runs cannot both rename. False when unchanged.
 */
export async function renameProviderMessageId(db: Db, params: { attemptId: string; from: string; to: string }): Promise<boolean> {
  const rows = await db
    .update(attempts)
    .set({
      providerMessageId: params.to,
      meta: sql`${attempts.meta} || jsonb_build_object('firstProviderMessageId', ${params.from}::text)`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(attempts.id, params.attemptId), eq(attempts.providerMessageId, params.from)))
    .returning({ id: attempts.id });
  return rows.length > 0;
}

/**
 * Failed attempts the sending engine should have fallen back from and did not: the latest
 * attempt of its communication, failed or rejected for a reason that falls back (not a
 * content problem; lib/sending/fallback-rule.ts), recorded before `failedBefore`, created
 * after `createdAfter`, of a communication nobody ignored (attempts_status_created_idx).
 */
export function listStrandedFailures(db: Db, params: { failedBefore: Date; createdAfter: Date; limit: number }) {
  const later = alias(attempts, "later");
  return db
    .select({
      attemptId: attempts.id,
      communicationId: attempts.communicationId,
      channel: attempts.channel,
      status: attempts.status,
      failureClass: attempts.failureClass,
      errorCode: attempts.errorCode,
      errorMessage: attempts.errorMessage,
    })
    .from(attempts)
    .innerJoin(communications, eq(communications.id, attempts.communicationId))
    .where(
      and(
        inArray(attempts.status, [...FAILURE_STATUSES]),
        gte(attempts.createdAt, params.createdAfter),
        lte(attempts.updatedAt, params.failedBefore),
        inArray(attempts.failureClass, [FAILURE_CLASS.temporary, FAILURE_CLASS.permanent_recipient]),
        sql`${attempts.errorCode} IS DISTINCT FROM ${UNCERTAIN_HANDOVER_CODE}`,
        sql`${attempts.errorCode} IS DISTINCT FROM ${FAILED_OVER_CODE}`,
        isNull(communications.ignoredAt),
        notExists(
          db
            .select({ one: sql`1` })
            .from(later)
            .where(and(eq(later.communicationId, attempts.communicationId), sql`${later.seq} > ${attempts.seq}`)),
        ),
      ),
    )
    .orderBy(asc(attempts.createdAt))
    .limit(params.limit);
}

export type NewReconciliationRun = typeof reconciliationRuns.$inferInsert;

/** Records a run and prunes runs started before `pruneBefore`. */
export async function recordReconciliationRun(db: Db, params: { run: NewReconciliationRun; pruneBefore: Date }) {
  await db.insert(reconciliationRuns).values(params.run);
  await db.delete(reconciliationRuns).where(lt(reconciliationRuns.startedAt, params.pruneBefore));
}

export async function getLatestReconciliationRun(db: Db) {
  const [row] = await db.select().from(reconciliationRuns).orderBy(desc(reconciliationRuns.startedAt)).limit(1);
  return row ?? null;
}
