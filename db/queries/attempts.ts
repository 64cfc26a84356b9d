import { and, asc, eq, inArray, notExists, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attempts, communications } from "../schema";
import type { AttemptStatus, Channel, Provider } from "../schema/enums";

// Delivery tracking on the Communication log. Provider feedback itself is written by
// db/queries/provider-feedback.ts; the sending engine's own moves follow here.

/** An attempt whose status just changed, as its communication copies it (followLatestAttempts). */
export type MovedAttempt = {
  communicationId: string;
  seq: number;
  status: AttemptStatus;
  statusLabel: string | null;
  channel: Channel;
  errorMessage: string | null;
  statusAt: Date;
};

// Many rows travel as one JSON parameter, read back as a typed record set `v`.
export const recordSet = (records: unknown[], columns: string) =>
  sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS ${sql.raw(`v(${columns})`)}`;

/**
 * Copies moved attempts' status, label, channel and error onto their communications — each
 * only when it is the communication's latest attempt (highest seq), so feedback about an
 * old attempt never hides a newer resend. The communications are locked in id order
 * first: concurrent requests touching the same ones queue instead of deadlocking.
 */
export async function followLatestAttempts(db: Db, moved: readonly MovedAttempt[]) {
  if (moved.length === 0) return;
  const ids = [...new Set(moved.map((row) => row.communicationId))];
  // One row needs no ordering (the common single-callback case saves a round trip).
  if (ids.length > 1) {
    await db
      .select({ id: communications.id })
      .from(communications)
      .where(sql`${communications.id} = ANY(ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid))`)
      .orderBy(asc(communications.id))
      .for("update");
  }
  const records = moved.map((row) => ({
    communication_id: row.communicationId,
    seq: row.seq,
    status: row.status,
    label: row.statusLabel,
    channel: row.channel,
    error_message: row.errorMessage,
    at: new Date(row.statusAt).toISOString(),
  }));
  const laterAttempt = db
    .select({ one: sql`1` })
    .from(attempts)
    .where(and(sql`${attempts.communicationId} = v.communication_id`, sql`${attempts.seq} > v.seq`));
  await db
    .update(communications)
    .set({
      status: sql`v.status`,
      statusLabel: sql`v.label`,
      channel: sql`v.channel`,
      lastError: sql`v.error_message`,
      lastActivityAt: sql`GREATEST(${communications.lastActivityAt}, v.at)`,
      updatedAt: sql`now()`,
    })
    .from(
      recordSet(
        records,
        "communication_id uuid, seq integer, status attempt_status, label text, channel channel, error_message text, at timestamptz",
      ),
    )
    // attempt_count is bumped with every new attempt under the communication's row lock;
    // checking it too closes the race with a resend being inserted right now.
    .where(and(sql`${communications.id} = v.communication_id`, sql`${communications.attemptCount} <= v.seq`, notExists(laterAttempt)));
}

/** Attempts of one provider still waiting for feedback, oldest status first (attempts_awaiting_feedback_idx). */
export async function listAttemptsAwaitingFeedback(
  db: Db,
  params: { provider: Provider; statuses: readonly AttemptStatus[]; limit: number },
) {
  return db
    .select({
      id: attempts.id,
      providerMessageId: attempts.providerMessageId,
      status: attempts.status,
      statusAt: attempts.statusAt,
      recipient: attempts.recipient,
      subjectRef: attempts.subjectRef,
    })
    .from(attempts)
    .where(
      and(
        eq(attempts.provider, params.provider),
        inArray(attempts.status, [...params.statuses]),
        sql`${attempts.providerMessageId} IS NOT NULL`,
      ),
    )
    .orderBy(asc(attempts.statusAt))
    .limit(params.limit);
}
