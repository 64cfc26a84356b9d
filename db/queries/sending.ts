import { and, asc, desc, eq, inArray, isNull, lte, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  attemptDocuments,
  attempts,
  auditEvents,
  communications,
  contactPoints,
  customerOptOuts,
  customerPreferences,
  customers,
  documents,
} from "../schema";
import { followLatestAttempts } from "./attempts";

// The sending engine's reads and writes: what a communication needs to be planned, the
// attempt rows it creates, the hand-over claim and its outcome. Status moves go through the
// same conditional UPDATE rule as provider feedback (callers pass `allowedFrom`).

type AttemptRow = typeof attempts.$inferSelect;
type NewAttempt = typeof attempts.$inferInsert;

/** Everything the channel plan and the templates need about one communication. */
export async function getCommunicationForSending(db: Db, params: { communicationId: string }) {
  const [communication] = await db.select().from(communications).where(eq(communications.id, params.communicationId));
  if (!communication) return null;
  const [customer] = await db.select().from(customers).where(eq(customers.id, communication.customerId));
  const [points, preferences, optOuts, chain, files] = await Promise.all([
    db.select().from(contactPoints).where(eq(contactPoints.customerId, communication.customerId)),
    db.select().from(customerPreferences).where(eq(customerPreferences.customerId, communication.customerId)),
    db.select().from(customerOptOuts).where(eq(customerOptOuts.customerId, communication.customerId)),
    db
      .select({ id: attempts.id, seq: attempts.seq, kind: attempts.kind, channel: attempts.channel, status: attempts.status, repeatsAttemptId: attempts.repeatsAttemptId })
      .from(attempts)
      .where(eq(attempts.communicationId, communication.id))
      .orderBy(asc(attempts.seq)),
    db
      .select({ id: documents.id, filename: documents.filename, sha256: documents.sha256 })
      .from(documents)
      .where(eq(documents.communicationId, communication.id))
      .orderBy(asc(documents.createdAt), asc(documents.id)),
  ]);
  if (!customer) return null;
  return { communication, customer, contactPoints: points, preferences, optOuts, attempts: chain, documents: files };
}

export type CommunicationForSending = NonNullable<Awaited<ReturnType<typeof getCommunicationForSending>>>;

export type NewDocument = { filename: string; contentType: string; content: Uint8Array; sha256: string };

export type InsertAttemptParams = {
  attempt: Omit<NewAttempt, "seq" | "communicationId" | "customerId" | "customerName" | "locationGroup" | "communicationIgnoredAt" | "searchText" | "subjectRef" | "category">;
  communicationId: string;
  /** Rendered files stored with this attempt (letter, invoice document). */
  newDocuments: readonly NewDocument[];
  /** Documents the communication already holds that go out with this attempt too. */
  existingDocumentIds: readonly string[];
};

/**
 * Appends an attempt to a communication under the communication's row lock: the next seq,
 * the communication's counters and latest status, its search text, and the documents.
 * Idempotent for the engine's replays: a first attempt is only created while the
 * communication has none, a fallback only once per failed attempt — otherwise the
 * existing attempt is returned.
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
      ? await tx.insert(documents).values(documentRows(communication.id, params.newDocuments)).returning({ id: documents.id, sha256: documents.sha256 })
      : [];
    const reused = params.existingDocumentIds.length
      ? await tx.select({ id: documents.id, sha256: documents.sha256 }).from(documents).where(inArray(documents.id, [...params.existingDocumentIds]))
      : [];
    const links = [...reused, ...stored].map((file, position) => ({ attemptId: attempt.id, documentId: file.id, position, sha256: file.sha256 }));
    if (links.length) await tx.insert(attemptDocuments).values(links);

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
        searchText: communication.searchText.includes(recipient) ? communication.searchText : `${communication.searchText} ${recipient}`.trim(),
        updatedAt: now,
      })
      .where(eq(communications.id, communication.id));
    return { attempt, created: true };
  });
}

function documentRows(communicationId: string, files: readonly NewDocument[]) {
  return files.map((file) => ({
    communicationId,
    filename: file.filename,
    contentType: file.contentType,
    byteSize: file.content.byteLength,
    sha256: file.sha256,
    content: file.content,
  }));
}

async function findExistingAttempt(db: Db, params: InsertAttemptParams): Promise<AttemptRow | undefined> {
  const { kind, repeatsAttemptId } = params.attempt;
  if (kind === "first") {
    const [row] = await db.select().from(attempts).where(eq(attempts.communicationId, params.communicationId)).orderBy(asc(attempts.seq)).limit(1);
    return row;
  }
  if (kind === "fallback" && repeatsAttemptId) {
    const [row] = await db
      .select()
      .from(attempts)
      .where(and(eq(attempts.kind, "fallback"), eq(attempts.repeatsAttemptId, repeatsAttemptId)));
    return row;
  }
  return undefined;
}

/**
 * Takes the hand-over of a queued attempt for `leaseMs`: only one worker at a time gets
 * it, and never once it left `queued`. A lease that ran out (a crashed worker) can be
 * taken again; the provider's idempotency key then keeps that from sending twice.
 */
export async function claimAttemptForHandover(db: Db, params: { attemptId: string; leaseMs: number; now?: Date }) {
  const now = params.now ?? new Date();
  const [row] = await db
    .update(attempts)
    .set({ retryAt: new Date(now.getTime() + params.leaseMs), updatedAt: now })
    .where(and(eq(attempts.id, params.attemptId), eq(attempts.status, "queued"), or(isNull(attempts.retryAt), lte(attempts.retryAt, now))))
    .returning();
  return row ?? null;
}

/** The files that go out with an attempt, in order, with the bytes. */
export async function listAttemptFiles(db: Db, params: { attemptId: string }) {
  return db
    .select({ filename: documents.filename, contentType: documents.contentType, content: documents.content })
    .from(attemptDocuments)
    .innerJoin(documents, eq(documents.id, attemptDocuments.documentId))
    .where(eq(attemptDocuments.attemptId, params.attemptId))
    .orderBy(asc(attemptDocuments.position));
}

export type HandoverOutcome =
  | { kind: "accepted"; status: "accepted" | "sent"; label: string; providerMessageId: string }
  | { kind: "retry"; retryAt: Date; errorCode: string; errorMessage: string }
  | {
      kind: "failed";
      status: "failed" | "rejected";
      label: string;
      failureClass: "temporary" | "permanent_recipient" | "permanent_content";
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
          ...(outcome.status === "sent" ? { sentAt: at } : {}),
          retryAt: null,
          failureClass: null,
          errorCode: null,
          errorMessage: null,
        }
      : outcome.kind === "retry"
        ? {
            retryAt: outcome.retryAt,
            retryCount: sql`${attempts.retryCount} + 1` as unknown as number,
            failureClass: "temporary",
            errorCode: outcome.errorCode,
            errorMessage: outcome.errorMessage,
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
      .set({ ...set, updatedAt: at })
      .where(and(eq(attempts.id, params.attemptId), eq(attempts.status, "queued")))
      .returning();
    if (!row) return null;
    await followLatestAttempts(tx, [row]);
    return row;
  });
}

export async function getAttempt(db: Db, params: { attemptId: string }) {
  const [row] = await db.select().from(attempts).where(eq(attempts.id, params.attemptId));
  return row ?? null;
}

/** Attempts still waiting to be handed over, oldest first (start-up re-dispatch). */
export async function listQueuedAttempts(db: Db, params: { limit: number; afterId?: string }) {
  return db
    .select({ id: attempts.id, provider: attempts.provider })
    .from(attempts)
    .where(and(eq(attempts.status, "queued"), params.afterId ? sql`${attempts.id} > ${params.afterId}` : undefined))
    .orderBy(asc(attempts.id))
    .limit(params.limit);
}

/** Communications created but never planned (no attempt yet, not collecting data). */
export async function listUnplannedCommunications(db: Db, params: { limit: number; afterId?: string }) {
  return db
    .select({ id: communications.id })
    .from(communications)
    .where(
      and(
        eq(communications.attemptCount, 0),
        eq(communications.collectingData, false),
        params.afterId ? sql`${communications.id} > ${params.afterId}` : undefined,
      ),
    )
    .orderBy(asc(communications.id))
    .limit(params.limit);
}

/** The documents an attempt sent, in order (a resend sends the same ones). */
export async function listAttemptDocumentIds(db: Db, params: { attemptId: string }) {
  const rows = await db
    .select({ id: attemptDocuments.documentId })
    .from(attemptDocuments)
    .where(eq(attemptDocuments.attemptId, params.attemptId))
    .orderBy(asc(attemptDocuments.position));
  return rows.map((row) => row.id);
}

export type NewCommunication = {
  customerId: string;
  subjectType: (typeof communications.$inferInsert)["subjectType"];
  subjectRef: string;
  category: (typeof communications.$inferInsert)["category"];
  locale?: string;
  templateData?: Record<string, unknown>;
  channelOverride?: (typeof communications.$inferInsert)["channelOverride"];
  idempotencyKey?: string;
  requestHash?: string;
  documents?: readonly NewDocument[];
};

/** A new communication, queued for planning (status queued, no attempt yet), with its documents. */
export async function insertCommunication(db: Db, params: NewCommunication) {
  return db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, params.customerId));
    if (!customer) throw new Error(`customer ${params.customerId} does not exist`);
    const [communication] = await tx
      .insert(communications)
      .values({
        customerId: customer.id,
        subjectType: params.subjectType,
        subjectRef: params.subjectRef,
        category: params.category,
        templateKey: params.category,
        locale: params.locale ?? customer.locale,
        templateData: params.templateData ?? {},
        channelOverride: params.channelOverride ?? null,
        idempotencyKey: params.idempotencyKey ?? null,
        requestHash: params.requestHash ?? null,
        customerName: customer.name,
        locationGroup: customer.locationGroup,
        searchText: `${params.subjectRef} ${customer.name}`.toLowerCase(),
      })
      .returning();
    if (!communication) throw new Error("communication insert returned nothing");
    if (params.documents?.length) await tx.insert(documents).values(documentRows(communication.id, params.documents));
    return communication;
  });
}

/**
 * Serialises requests carrying the same idempotency key until the caller's transaction
 * ends, so concurrent retries of one request create one communication.
 */
export async function lockIdempotencyKey(db: Db, params: { key: string }) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${params.key}, 7))`);
}

export async function getCommunicationByIdempotencyKey(db: Db, params: { key: string }) {
  const [row] = await db.select().from(communications).where(eq(communications.idempotencyKey, params.key));
  return row ?? null;
}

export async function getLatestAttemptId(db: Db, params: { communicationId: string }) {
  const [row] = await db
    .select({ id: attempts.id })
    .from(attempts)
    .where(eq(attempts.communicationId, params.communicationId))
    .orderBy(desc(attempts.seq))
    .limit(1);
  return row?.id ?? null;
}

/**
 * What a bulk send's dry run needs for many communications at once: each communication
 * with its latest attempt, and its customer's contact points, preferences and opt-outs —
 * five queries per batch instead of five per communication.
 */
export async function listCommunicationsForPlanning(db: Db, params: { ids: readonly string[] }) {
  if (params.ids.length === 0) return [];
  const ids = [...params.ids];
  const rows = await db.select().from(communications).where(inArray(communications.id, ids));
  const customerIds = [...new Set(rows.map((row) => row.customerId))];
  const [customerRows, points, preferences, optOuts, latest] = await Promise.all([
    db.select().from(customers).where(inArray(customers.id, customerIds)),
    db.select().from(contactPoints).where(inArray(contactPoints.customerId, customerIds)),
    db.select().from(customerPreferences).where(inArray(customerPreferences.customerId, customerIds)),
    db.select().from(customerOptOuts).where(inArray(customerOptOuts.customerId, customerIds)),
    db
      .selectDistinctOn([attempts.communicationId], { communicationId: attempts.communicationId, id: attempts.id, channel: attempts.channel, status: attempts.status })
      .from(attempts)
      .where(inArray(attempts.communicationId, ids))
      .orderBy(attempts.communicationId, desc(attempts.seq)),
  ]);
  // Node 20 has no Map.groupBy.
  const byCustomer = <T extends { customerId: string }>(list: T[]) => {
    const groups = new Map<string, T[]>();
    for (const row of list) groups.set(row.customerId, [...(groups.get(row.customerId) ?? []), row]);
    return groups;
  };
  const [pointsOf, preferencesOf, optOutsOf] = [byCustomer(points), byCustomer(preferences), byCustomer(optOuts)];
  const customerOf = new Map(customerRows.map((row) => [row.id, row]));
  const latestOf = new Map(latest.map((row) => [row.communicationId, row]));
  return rows.map((communication) => ({
    communication,
    customer: customerOf.get(communication.customerId)!,
    contactPoints: pointsOf.get(communication.customerId) ?? [],
    preferences: preferencesOf.get(communication.customerId) ?? [],
    optOuts: optOutsOf.get(communication.customerId) ?? [],
    latestAttempt: latestOf.get(communication.id) ?? null,
  }));
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
      .set({ status: "sent", statusLabel: "Done", statusAt: params.at, sentAt: params.at, manualNote: params.note, errorMessage: null, updatedAt: params.at })
      .where(and(eq(attempts.id, params.attemptId), eq(attempts.status, "manual_required")))
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
