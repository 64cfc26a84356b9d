import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attemptDocuments, attempts, auditEvents, communications, documents } from "../schema";
import { type AwaitingFeedbackStatus, FAILURE_CLASS, UNCERTAIN_TRY, type FailureClass, type FailureStatus, STATUS } from "../schema/enums";
import { followLatestAttempts } from "./attempts";
import { documentRows, type NewDocument } from "./communication-intake";
import { enqueueJobs } from "./outbox";
import { fallBackJob, handOverJob } from "./outbox-jobs";

// The sending engine's attempt writes: the rows it creates, the hand-over claim and its
// outcome, manual completion. Status moves go through the same conditional UPDATE rule as
// provider feedback (only from the statuses a move may leave).

type AttemptRow = typeof attempts.$inferSelect;
type NewAttempt = typeof attempts.$inferInsert;

export type InsertAttemptParams = {
  attempt: Omit<
    NewAttempt,
    | "seq"
    | "communicationId"
    | "customerId"
    | "customerName"
    | "locationGroup"
    | "communicationIgnoredAt"
    | "searchText"
    | "subjectRef"
    | "category"
  >;
  communicationId: string;
  /** Rendered files stored with this attempt (letter, invoice document). */
  newDocuments: readonly NewDocument[];
  /** Documents the communication already holds that go out with this attempt too. */
  existingDocumentIds: readonly string[];
  /** The bulk send this attempt belongs to: one attempt per bulk send and communication. */
  bulkJobId?: string;
};

/**
 * Appends an attempt to a communication under the communication's row lock: the next seq,
 * the communication's counters and latest status, its search text, and the documents.
 * Idempotent for the engine's replays: a first attempt is only created while the
 * communication has none, a fallback (or failover) only once per attempt it follows, a bulk send's attempt
 * once per communication — otherwise the existing attempt is returned.
 */
export async function insertAttempt(db: Db, params: InsertAttemptParams): Promise<{ attempt: AttemptRow; created: boolean }> {
  return db.transaction(async (tx) => {
    // Lock order: attempt before communication, as status writes do (the attempt row, then
    // followLatestAttempts on the communication). The new row's foreign key would lock the
    // repeated attempt anyway — taken after the communication, it deadlocked with a
    // concurrent hand-over of that attempt.
    const { repeatsAttemptId } = params.attempt;
    if (repeatsAttemptId) await tx.select({ id: attempts.id }).from(attempts).where(eq(attempts.id, repeatsAttemptId)).for("key share");
    const [communication] = await tx.select().from(communications).where(eq(communications.id, params.communicationId)).for("update");
    if (!communication) throw new Error(`communication ${params.communicationId} does not exist`);
    const existing = await findExistingAttempt(tx, params);
    if (existing) return { attempt: existing, created: false };

    const seq = communication.attemptCount + 1;
    const now = new Date();
    const [attempt] = await tx
      .insert(attempts)
      .values({
        ...params.attempt,
        ...(params.bulkJobId ? { meta: { ...params.attempt.meta, bulkJobId: params.bulkJobId } } : {}),
        communicationId: communication.id,
        customerId: communication.customerId,
        seq,
        category: communication.category,
        subjectRef: communication.subjectRef,
        customerName: communication.customerName,
        locationGroup: communication.locationGroup,
        communicationIgnoredAt: communication.ignoredAt,
        searchText: `${communication.subjectRef} ${communication.customerName} ${params.attempt.recipient}`.toLowerCase(),
        statusAt: now,
        createdAt: now,
      })
      .returning();
    if (!attempt) throw new Error("attempt insert returned nothing");

    const stored = params.newDocuments.length
      ? await tx
          .insert(documents)
          .values(documentRows(communication.id, params.newDocuments))
          .returning({ id: documents.id, sha256: documents.sha256 })
      : [];
    const reused = params.existingDocumentIds.length
      ? await tx
          .select({ id: documents.id, sha256: documents.sha256 })
          .from(documents)
          .where(inArray(documents.id, [...params.existingDocumentIds]))
      : [];
    const links = [...reused, ...stored].map((file, position) => ({
      attemptId: attempt.id,
      documentId: file.id,
      position,
      sha256: file.sha256,
    }));
    if (links.length) await tx.insert(attemptDocuments).values(links);
    // Its hand-over is queued with it: committed together, or not at all.
    if (attempt.status === STATUS.queued) await enqueueJobs(tx, [handOverJob({ attemptId: attempt.id, provider: attempt.provider })]);

    const recipient = params.attempt.recipient.toLowerCase();
    await tx
      .update(communications)
      .set({
        attemptCount: seq,
        status: attempt.status,
        statusLabel: attempt.statusLabel,
        channel: attempt.channel,
        lastError: attempt.errorMessage,
        lastActivityAt: now,
        searchText: communication.searchText.includes(recipient)
          ? communication.searchText
          : `${communication.searchText} ${recipient}`.trim(),
        updatedAt: now,
      })
      .where(eq(communications.id, communication.id));
    return { attempt, created: true };
  });
}

async function findExistingAttempt(db: Db, params: InsertAttemptParams): Promise<AttemptRow | undefined> {
  const { kind, repeatsAttemptId } = params.attempt;
  if (params.bulkJobId) {
    const [row] = await db
      .select()
      .from(attempts)
      .where(and(eq(attempts.communicationId, params.communicationId), sql`${attempts.meta}->>'bulkJobId' = ${params.bulkJobId}`))
      // The latest: a bulk send's attempt moved to another provider is carried on by its failover.
      .orderBy(desc(attempts.seq))
      .limit(1);
    if (row) return row;
  }
  if (kind === "first") {
    const [row] = await db
      .select()
      .from(attempts)
      .where(eq(attempts.communicationId, params.communicationId))
      .orderBy(asc(attempts.seq))
      .limit(1);
    return row;
  }
  if ((kind === "fallback" || kind === "failover") && repeatsAttemptId) {
    // Within the communication: its (communication, seq) index finds it without a scan.
    const [row] = await db
      .select()
      .from(attempts)
      .where(
        and(eq(attempts.communicationId, params.communicationId), eq(attempts.kind, kind), eq(attempts.repeatsAttemptId, repeatsAttemptId)),
      );
    return row;
  }
  return undefined;
}

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
