import { and, asc, eq, inArray, notExists, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attempts, communications } from "../schema";
import type { AttemptStatus, FailureClass, Provider } from "../schema/enums";

// Delivery tracking on the Communication log: the only writes provider feedback makes.
// The status rule lives in lib/status.ts; callers pass the statuses a move may start from,
// so the check-and-set is one conditional UPDATE and can never move a status backwards.

/**
 * Locks, in id order, the attempts a request's provider events are about: by the
 * provider's message id (unique per provider), or by our own attempt id when the provider
 * echoed it back — but only if that attempt went through this provider. Concurrent
 * requests about the same attempts then apply one after the other, in a fixed lock order.
 */
export async function lockAttemptsForFeedback(
  db: Db,
  params: { provider: Provider; providerMessageIds: readonly string[]; attemptIds: readonly string[] },
) {
  if (params.providerMessageIds.length === 0 && params.attemptIds.length === 0) return [];
  // One JSON parameter however large the batch; = ANY(ARRAY(…)) keeps both lookups on
  // their indexes (attempts_provider_message_key, the primary key).
  const messageIds = sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(params.providerMessageIds)}::jsonb))`;
  const ids = sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(params.attemptIds)}::jsonb)::uuid)`;
  return db
    .select({
      id: attempts.id,
      communicationId: attempts.communicationId,
      seq: attempts.seq,
      channel: attempts.channel,
      status: attempts.status,
      providerMessageId: attempts.providerMessageId,
      // Whose contact point the feedback is about (lib/webhooks/contact-verdicts.ts).
      customerId: attempts.customerId,
      category: attempts.category,
      recipient: attempts.recipient,
      contactPointId: sql<string | null>`${attempts.meta}->>'contactPointId'`,
    })
    .from(attempts)
    .where(
      and(
        eq(attempts.provider, params.provider),
        or(sql`${attempts.providerMessageId} = ANY(${messageIds})`, sql`${attempts.id} = ANY(${ids})`),
      ),
    )
    .orderBy(asc(attempts.id))
    .for("update");
}

export type AttemptFeedback = {
  attemptId: string;
  status: {
    to: AttemptStatus;
    /** lib/status.ts statusesThatMayBecome(to): the row only moves from one of these. */
    allowedFrom: readonly AttemptStatus[];
    label: string;
    at: Date;
    failure: { failureClass: FailureClass; errorCode: string | null; errorMessage: string } | null;
  } | null;
  /** First time each stage was reached; an existing value is kept. */
  milestones: Partial<Record<"acceptedAt" | "sentAt" | "deliveredAt" | "failedAt", Date>>;
  /** Engagement flags; the earliest time wins (LEAST ignores NULL in Postgres). */
  flags: Partial<Record<"opened" | "clicked" | "complained", Date>>;
};

// Many rows travel as one JSON parameter, read back as a typed record set `v`.
const v = (column: string) => sql.raw(`v.${column}`);
const recordSet = (records: unknown[], columns: string) =>
  sql`jsonb_to_recordset(${JSON.stringify(records)}::jsonb) AS ${sql.raw(`v(${columns})`)}`;

const FEEDBACK_COLUMNS =
  "id uuid, status attempt_status, allowed_from attempt_status[], label text, status_at timestamptz, " +
  "has_failure boolean, failure_class failure_class, error_code text, error_message text, " +
  "accepted_at timestamptz, sent_at timestamptz, delivered_at timestamptz, failed_at timestamptz, " +
  "opened_at timestamptz, clicked_at timestamptz, complained_at timestamptz";

/**
 * Writes the feedback of many attempts in one statement. A row given a status only changes
 * if its current status is one of `allowedFrom` — the status model's rule, checked by the
 * database on the row itself — so it never moves backwards, whatever the caller believed.
 * Returns the rows written; `moved` says whether the status changed.
 */
export async function applyAttemptFeedback(db: Db, feedback: readonly AttemptFeedback[]) {
  if (feedback.length === 0) return [];
  const iso = (at: Date | undefined) => at?.toISOString() ?? null;
  const records = feedback.map(({ attemptId, status, milestones, flags }) => ({
    id: attemptId,
    status: status?.to ?? null,
    allowed_from: status?.allowedFrom ?? null,
    label: status?.label ?? null,
    status_at: iso(status?.at),
    has_failure: Boolean(status?.failure),
    failure_class: status?.failure?.failureClass ?? null,
    error_code: status?.failure?.errorCode ?? null,
    error_message: status?.failure?.errorMessage ?? null,
    accepted_at: iso(milestones.acceptedAt),
    sent_at: iso(milestones.sentAt),
    delivered_at: iso(milestones.deliveredAt),
    failed_at: iso(milestones.failedAt),
    opened_at: iso(flags.opened),
    clicked_at: iso(flags.clicked),
    complained_at: iso(flags.complained),
  }));
  const ifFailure = <T>(incoming: string, current: T) => sql`CASE WHEN v.has_failure THEN ${v(incoming)} ELSE ${current} END`;
  const rows = await db
    .update(attempts)
    .set({
      status: sql`COALESCE(v.status, ${attempts.status})`,
      statusLabel: sql`CASE WHEN v.status IS NULL THEN ${attempts.statusLabel} ELSE v.label END`,
      statusAt: sql`COALESCE(v.status_at, ${attempts.statusAt})`,
      failureClass: ifFailure("failure_class", attempts.failureClass),
      errorCode: ifFailure("error_code", attempts.errorCode),
      errorMessage: ifFailure("error_message", attempts.errorMessage),
      acceptedAt: sql`COALESCE(${attempts.acceptedAt}, v.accepted_at)`,
      sentAt: sql`COALESCE(${attempts.sentAt}, v.sent_at)`,
      deliveredAt: sql`COALESCE(${attempts.deliveredAt}, v.delivered_at)`,
      failedAt: sql`COALESCE(${attempts.failedAt}, v.failed_at)`,
      openedAt: sql`LEAST(${attempts.openedAt}, v.opened_at)`,
      clickedAt: sql`LEAST(${attempts.clickedAt}, v.clicked_at)`,
      complainedAt: sql`LEAST(${attempts.complainedAt}, v.complained_at)`,
      updatedAt: sql`now()`,
    })
    .from(recordSet(records, FEEDBACK_COLUMNS))
    .where(and(sql`${attempts.id} = v.id`, sql`(v.status IS NULL OR ${attempts.status} = ANY(v.allowed_from))`))
    .returning({
      id: attempts.id,
      communicationId: attempts.communicationId,
      seq: attempts.seq,
      channel: attempts.channel,
      status: attempts.status,
      statusLabel: attempts.statusLabel,
      errorMessage: attempts.errorMessage,
      statusAt: attempts.statusAt,
      moved: sql<boolean>`v.status IS NOT NULL`,
    });
  return rows;
}

export type MovedAttempt = Pick<
  Awaited<ReturnType<typeof applyAttemptFeedback>>[number],
  "communicationId" | "seq" | "status" | "statusLabel" | "channel" | "errorMessage" | "statusAt"
>;

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
