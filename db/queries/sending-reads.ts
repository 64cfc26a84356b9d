import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  attemptDocuments,
  attempts,
  communications,
  contactPoints,
  customerOptOuts,
  customerPreferences,
  customers,
  documents,
} from "../schema";
import { STATUS } from "../schema/enums";

// What the sending engine reads: a communication with everything its channel plan needs,
// the attempts and files it hands over, and the work the embedded runner picks up again.

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
      .select({
        id: attempts.id,
        seq: attempts.seq,
        kind: attempts.kind,
        channel: attempts.channel,
        status: attempts.status,
        repeatsAttemptId: attempts.repeatsAttemptId,
      })
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
      .selectDistinctOn([attempts.communicationId], {
        communicationId: attempts.communicationId,
        id: attempts.id,
        channel: attempts.channel,
        status: attempts.status,
      })
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

export async function getAttempt(db: Db, params: { attemptId: string }) {
  const [row] = await db.select().from(attempts).where(eq(attempts.id, params.attemptId));
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

/** The files that go out with an attempt, in order, with the bytes. */
export async function listAttemptFiles(db: Db, params: { attemptId: string }) {
  return db
    .select({ filename: documents.filename, contentType: documents.contentType, content: documents.content })
    .from(attemptDocuments)
    .innerJoin(documents, eq(documents.id, attemptDocuments.documentId))
    .where(eq(attemptDocuments.attemptId, params.attemptId))
    .orderBy(asc(attemptDocuments.position));
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

/** Attempts still waiting to be handed over, oldest first (start-up re-dispatch). */
export async function listQueuedAttempts(db: Db, params: { limit: number; afterId?: string }) {
  return db
    .select({ id: attempts.id, provider: attempts.provider })
    .from(attempts)
    .where(and(eq(attempts.status, STATUS.queued), params.afterId ? sql`${attempts.id} > ${params.afterId}` : undefined))
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
