import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../client";
import type { AttemptStatus, Category, Channel, FailureClass, Provider } from "../schema/enums";
import type { NewProviderEvent } from "./provider-events";
import type { OutboxJob } from "./outbox";
import { executePrepared, rowsOf, statementShapes } from "./prepared";

// Provider feedback in two statements: one read (the attempts the events are about and the
// event keys already stored), planned in memory by the caller, then one write that stores
// the events and applies the plan (docs/architecture.md §2). The write is a single
// statement, so it is atomic without a transaction of its own. It first locks the attempts
// it writes (id order) and checks each still has the status the plan was made against; an
// attempt another request moved meanwhile is left out whole — its row, its events, its
// jobs — and named (`stale`), and the caller reads and plans those again under lock; the
// others are written. Status moves still go through the status model's rule on the row
// itself: `status = ANY(allowed_from)` (lib/status.ts statusesThatMayBecome).

export type FeedbackAttempt = {
  id: string;
  communicationId: string;
  seq: number;
  channel: Channel;
  status: AttemptStatus;
  providerMessageId: string | null;
  customerId: string;
  category: Category;
  recipient: string;
  contactPointId: string | null;
};

/** One JSON parameter however large the batch; = ANY(ARRAY(…)) keeps each lookup on its index. */
const textArray = (name: string) => sql`ARRAY(SELECT jsonb_array_elements_text(${sql.placeholder(name)}::jsonb))`;

const READ = statementShapes(
  (shape: "plain" | "lock") => sql`
    WITH found AS (
      SELECT a.id, a.communication_id, a.seq, a.channel, a.status, a.provider_message_id, a.customer_id, a.category,
             a.recipient, a.meta->>'contactPointId' AS contact_point_id
      FROM attempts a
      WHERE a.provider = ${sql.placeholder("provider")}
        AND (a.provider_message_id = ANY(${textArray("providerMessageIds")})
             OR a.id = ANY(ARRAY(SELECT jsonb_array_elements_text(${sql.placeholder("attemptIds")}::jsonb)::uuid)))
      ORDER BY a.id ${shape === "lock" ? sql`FOR UPDATE` : sql``}
    )
    SELECT id::text, communication_id::text, seq, channel::text, status::text, provider_message_id, customer_id::text,
           category::text, recipient, contact_point_id, NULL::text AS event_key
    FROM found
    UNION ALL
    SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, e.event_key
    FROM provider_events e
    WHERE e.provider = ${sql.placeholder("provider")} AND e.event_key = ANY(${textArray("eventKeys")})`,
);

/**
 * The attempts of `provider` the events name — by the provider's message id, or by our own
 * attempt id when the provider echoed it back — and which of `eventKeys` are stored already.
 * `lock`: inside a transaction, lock the attempts in id order (concurrent requests queue).
 */
export async function readFeedbackState(
  db: Db,
  params: { provider: Provider; providerMessageIds: readonly string[]; attemptIds: readonly string[]; eventKeys: readonly string[] },
  options: { lock?: boolean } = {},
): Promise<{ attempts: FeedbackAttempt[]; storedKeys: Set<string> }> {
  const result = await executePrepared(db, READ(options.lock ? "lock" : "plain"), {
    provider: params.provider,
    providerMessageIds: JSON.stringify(params.providerMessageIds),
    attemptIds: JSON.stringify(params.attemptIds),
    eventKeys: JSON.stringify(params.eventKeys),
  });
  const attempts: FeedbackAttempt[] = [];
  const storedKeys = new Set<string>();
  for (const row of rowsOf<Record<string, string | number | null>>(result)) {
    if (row.event_key !== null) {
      storedKeys.add(row.event_key as string);
      continue;
    }
    attempts.push({
      id: row.id as string,
      communicationId: row.communication_id as string,
      seq: Number(row.seq),
      channel: row.channel as Channel,
      status: row.status as AttemptStatus,
      providerMessageId: row.provider_message_id as string | null,
      customerId: row.customer_id as string,
      category: row.category as Category,
      recipient: row.recipient as string,
      contactPointId: row.contact_point_id as string | null,
    });
  }
  return { attempts, storedKeys };
}

export type FeedbackWrite = {
  attemptId: string;
  /** The status the plan was made against: the write happens only if the row still has it. */
  expected: AttemptStatus;
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

export type FeedbackWriteResult = {
  /**
   * The attempts of `writes` that no longer had their expected status: nothing of theirs was
   * written — not their events, not their jobs — and the caller plans them again.
   */
  stale: Set<string>;
  /** The event keys this statement stored (a concurrent request may have stored others first). */
  storedKeys: Set<string>;
  /** The attempts whose status this statement moved: every write that carries one, but the stale ones. */
  moved: number;
};

const iso = (at: Date | null | undefined) => at?.toISOString() ?? null;

/** A job the write queues, on behalf of the attempt whose failure calls for it. */
export type FeedbackJob = OutboxJob & { attemptId: string };

/**
 * Stores `events` (skipping keys already stored), writes every attempt of `writes` (one row
 * each, with its final state; a flag it already had as early is left alone), copies moved
 * attempts onto their communications when they are the latest attempt, and queues `jobs` —
 * in one statement. An attempt of `writes` that another request moved since it was read
 * is left out whole (`stale`): its row, its events and its jobs; the rest is written.
 */
export async function writeFeedback(
  db: Db,
  params: {
    provider: Provider;
    receivedAt: Date;
    events: readonly NewProviderEvent[];
    writes: readonly FeedbackWrite[];
    jobs: readonly FeedbackJob[];
  },
): Promise<FeedbackWriteResult> {
  const { writes, jobs } = params;
  const events = params.events.map((event, ord) => ({
    ord,
    event_key: event.eventKey,
    event_type: event.eventType,
    provider_message_id: event.providerMessageId ?? null,
    attempt_id: event.attemptId ?? null,
    mapped_status: event.mappedStatus ?? null,
    outcome: event.outcome ?? null,
    occurred_at: iso(event.occurredAt),
    received_at: iso(event.receivedAt),
    payload: event.payload ?? null,
    detail: event.detail ?? null,
  }));
  const records = jobs.map(({ eventName, data, dedupeKey, attemptId }, ord) => ({
    ord,
    event_name: eventName,
    data,
    dedupe_key: dedupeKey,
    attempt_id: attemptId,
  }));
  const shape = `${writes.length === 0 ? "none" : writes.length === 1 ? "one" : "many"}-${jobs.length > 0 ? "jobs" : "nojobs"}` as const;
  const result = await executePrepared(db, WRITE(shape), {
    provider: params.provider,
    receivedAt: iso(params.receivedAt),
    writes: JSON.stringify(writes.map(writeRecord)),
    events: JSON.stringify(events),
    jobs: JSON.stringify(records),
  });
  const [row] = rowsOf<{ stale: string; stored: string; moved: number }>(result);
  if (!row) throw new Error("the feedback write returned no row");
  return {
    stale: new Set(JSON.parse(row.stale) as string[]),
    storedKeys: new Set(JSON.parse(row.stored) as string[]),
    moved: Number(row.moved),
  };
}

const WRITE = statementShapes((shape: `${"none" | "one" | "many"}-${"jobs" | "nojobs"}`) => {
  const [writes, jobs] = shape.split("-") as ["none" | "one" | "many", "jobs" | "nojobs"];
  const parts: SQL[] = [
    sql`fb AS (SELECT * FROM jsonb_to_recordset(${sql.placeholder("writes")}::jsonb) AS v(${sql.raw(WRITE_COLUMNS)}))`,
    sql`locked AS (SELECT a.id, a.status, a.communication_id FROM attempts a WHERE a.id = ANY(ARRAY(SELECT id FROM fb)) ORDER BY a.id FOR UPDATE)`,
    sql`stale AS (SELECT fb.id FROM fb LEFT JOIN locked ON locked.id = fb.id WHERE locked.status IS DISTINCT FROM fb.expected)`,
    sql`ins AS (
      INSERT INTO provider_events (provider, event_key, event_type, provider_message_id, attempt_id, mapped_status, outcome, occurred_at, received_at, payload, detail)
      SELECT ${sql.placeholder("provider")}::provider, e.event_key, e.event_type, e.provider_message_id, e.attempt_id, e.mapped_status, e.outcome, e.occurred_at,
             COALESCE(e.received_at, ${sql.placeholder("receivedAt")}::timestamptz), COALESCE(e.payload, 'null'::jsonb), e.detail
      FROM jsonb_to_recordset(${sql.placeholder("events")}::jsonb) AS e(${sql.raw(EVENT_COLUMNS)})
      WHERE NOT EXISTS (SELECT 1 FROM stale WHERE stale.id = e.attempt_id)
      ORDER BY e.ord ON CONFLICT (provider, event_key) DO NOTHING
      RETURNING event_key)`,
  ];
  if (writes !== "none") parts.push(...attemptWrites(writes === "many"));
  if (jobs === "jobs") {
    parts.push(sql`jobs AS (
      INSERT INTO job_outbox (event_name, data, dedupe_key)
      SELECT j.event_name, j.data, j.dedupe_key
      FROM jsonb_to_recordset(${sql.placeholder("jobs")}::jsonb) AS j(ord integer, event_name text, data jsonb, dedupe_key text, attempt_id uuid)
      WHERE NOT EXISTS (SELECT 1 FROM stale WHERE stale.id = j.attempt_id)
      ORDER BY j.ord ON CONFLICT (dedupe_key) WHERE done_at IS NULL DO NOTHING
      RETURNING id)`);
  }
  const moved = writes !== "none" ? sql`(SELECT count(*) FROM upd WHERE moved)::int` : sql`0`;
  return sql`WITH ${sql.join(parts, sql`, `)}
    SELECT (SELECT COALESCE(json_agg(id), '[]'::json) FROM stale)::text AS stale,
           (SELECT COALESCE(json_agg(event_key), '[]'::json) FROM ins)::text AS stored, ${moved} AS moved`;
});

const EVENT_COLUMNS =
  "ord integer, event_key text, event_type text, provider_message_id text, attempt_id uuid, mapped_status attempt_status, " +
  "outcome provider_event_outcome, occurred_at timestamptz, received_at timestamptz, payload jsonb, detail text";

const WRITE_COLUMNS =
  "id uuid, expected attempt_status, status attempt_status, allowed_from attempt_status[], label text, status_at timestamptz, " +
  "has_failure boolean, failure_class failure_class, error_code text, error_message text, " +
  "accepted_at timestamptz, sent_at timestamptz, delivered_at timestamptz, failed_at timestamptz, " +
  "opened_at timestamptz, clicked_at timestamptz, complained_at timestamptz";

function writeRecord({ attemptId, expected, status, milestones, flags }: FeedbackWrite) {
  return {
    id: attemptId,
    expected,
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
  };
}

/**
 * The attempts' UPDATE, then the communications whose latest attempt moved. With several
 * attempts the communications are locked in id order first, as the attempts are: concurrent
 * requests touching the same ones queue instead of deadlocking. `attempts.status = v.expected`
 * alone would leave out the stale attempts; reading `stale` as well makes the UPDATE wait for
 * `locked`, so every attempt is locked in id order before any row is written.
 */
const FLAGS = ["opened_at", "clicked_at", "complained_at"];

function attemptWrites(lockCommunications: boolean): SQL[] {
  const ifFailure = (column: string) => sql.raw(`CASE WHEN v.has_failure THEN v.${column} ELSE attempts.${column} END`);
  const parts = [
    sql`upd AS (
      UPDATE attempts SET
        status = COALESCE(v.status, attempts.status),
        status_label = CASE WHEN v.status IS NULL THEN attempts.status_label ELSE v.label END,
        status_at = COALESCE(v.status_at, attempts.status_at),
        failure_class = ${ifFailure("failure_class")},
        error_code = ${ifFailure("error_code")},
        error_message = ${ifFailure("error_message")},
        accepted_at = COALESCE(attempts.accepted_at, v.accepted_at),
        sent_at = COALESCE(attempts.sent_at, v.sent_at),
        delivered_at = COALESCE(attempts.delivered_at, v.delivered_at),
        failed_at = COALESCE(attempts.failed_at, v.failed_at),
        opened_at = LEAST(attempts.opened_at, v.opened_at),
        clicked_at = LEAST(attempts.clicked_at, v.clicked_at),
        complained_at = LEAST(attempts.complained_at, v.complained_at),
        updated_at = now()
      FROM fb v
      WHERE attempts.id = ANY(ARRAY(SELECT id FROM fb)) AND attempts.id = v.id AND attempts.status = v.expected
        AND attempts.id <> ALL(ARRAY(SELECT id FROM stale))
        AND (v.status IS NULL OR attempts.status = ANY(v.allowed_from))
        AND (v.status IS NOT NULL ${sql.raw(FLAGS.map((flag) => `OR LEAST(attempts.${flag}, v.${flag}) IS DISTINCT FROM attempts.${flag}`).join(" "))})
      RETURNING attempts.id, attempts.communication_id, attempts.seq, attempts.status, attempts.status_label, attempts.channel,
                attempts.error_message, attempts.status_at, v.status IS NOT NULL AS moved)`,
  ];
  if (lockCommunications) {
    parts.push(sql`comm_locked AS (
      SELECT c.id FROM communications c
      WHERE c.id = ANY(ARRAY(SELECT l.communication_id FROM locked l JOIN fb ON fb.id = l.id AND fb.expected = l.status WHERE fb.status IS NOT NULL))
      ORDER BY c.id FOR UPDATE)`);
  }
  // attempt_count is bumped with every new attempt under the communication's row lock;
  // checking it too closes the race with a resend being inserted right now.
  parts.push(sql`comm AS (
    UPDATE communications SET
      status = m.status, status_label = m.status_label, channel = m.channel, last_error = m.error_message,
      last_activity_at = GREATEST(communications.last_activity_at, m.status_at), updated_at = now()
    FROM upd m
    WHERE m.moved AND communications.id = m.communication_id AND communications.attempt_count <= m.seq
      AND NOT EXISTS (SELECT 1 FROM attempts later WHERE later.communication_id = m.communication_id AND later.seq > m.seq)
      ${lockCommunications ? sql`AND (SELECT count(*) FROM comm_locked) >= 0` : sql``}
    RETURNING communications.id)`);
  return parts;
}
