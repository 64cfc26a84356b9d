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
  const [sending] = await listCommunicationsForSending(db, { ids: [params.communicationId] });
  return sending ?? null;
}

/**
 * getCommunicationForSending for many communications at once — seven queries per batch,
 * whatever its size — in the order asked; ids that do not exist are left out. Each comes
 * with its customer, the customer's contact points, preferences and opt-outs, its attempts
 * in order and its documents.
 */
export async function listCommunicationsForSending(db: Db, params: { ids: readonly string[] }) {
  if (params.ids.length === 0) return [];
  const ids = [...new Set(params.ids)];
  const rows = await db.select().from(communications).where(inArray(communications.id, ids));
  if (rows.length === 0) return [];
  const found = rows.map((row) => row.id);
  const customerIds = [...new Set(rows.map((row) => row.customerId))];
  const [customerRows, points, preferences, optOuts, chains, files] = await Promise.all([
    db.select().from(customers).where(inArray(customers.id, customerIds)),
    db.select().from(contactPoints).where(inArray(contactPoints.customerId, customerIds)),
    db.select().from(customerPreferences).where(inArray(customerPreferences.customerId, customerIds)),
    db.select().from(customerOptOuts).where(inArray(customerOptOuts.customerId, customerIds)),
    db
      .select({
        communicationId: attempts.communicationId,
        id: attempts.id,
        seq: attempts.seq,
        kind: attempts.kind,
        channel: attempts.channel,
        status: attempts.status,
        repeatsAttemptId: attempts.repeatsAttemptId,
      })
      .from(attempts)
      .where(inArray(attempts.communicationId, found))
      .orderBy(asc(attempts.communicationId), asc(attempts.seq)),
    db
      .select({ communicationId: documents.communicationId, id: documents.id, filename: documents.filename, sha256: documents.sha256 })
      .from(documents)
      .where(inArray(documents.communicationId, found))
      .orderBy(asc(documents.communicationId), asc(documents.createdAt), asc(documents.id)),
  ]);
  const customerOf = new Map(customerRows.map((row) => [row.id, row]));
  const [pointsOf, preferencesOf, optOutsOf] = [
    groupBy(points, "customerId"),
    groupBy(preferences, "customerId"),
    groupBy(optOuts, "customerId"),
  ];
  const [chainOf, filesOf] = [groupBy(chains, "communicationId"), groupBy(files, "communicationId")];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const communication = byId.get(id);
    const customer = communication && customerOf.get(communication.customerId);
    if (!communication || !customer) return [];
    return [
      {
        communication,
        customer,
        contactPoints: pointsOf.get(customer.id) ?? [],
        preferences: preferencesOf.get(customer.id) ?? [],
        optOuts: optOutsOf.get(customer.id) ?? [],
        attempts: chainOf.get(id) ?? [],
        documents: filesOf.get(id) ?? [],
      },
    ];
  });
}

export type CommunicationForSending = NonNullable<Awaited<ReturnType<typeof getCommunicationForSending>>>;

/** Rows grouped by one of their fields, in their order (Node 20 has no Map.groupBy). */
function groupBy<T, K extends keyof T>(list: readonly T[], key: K): Map<T[K], T[]> {
  const groups = new Map<T[K], T[]>();
  for (const row of list) {
    const group = groups.get(row[key]);
    if (group) group.push(row);
    else groups.set(row[key], [row]);
  }
  return groups;
}

export async function getAttempt(db: Db, params: { attemptId: string }) {
  const [row] = await listAttempts(db, { ids: [params.attemptId] });
  return row ?? null;
}

/** Attempts by id, in no particular order; ids that do not exist are left out. */
export async function listAttempts(db: Db, params: { ids: readonly string[] }) {
  if (params.ids.length === 0) return [];
  return db
    .select()
    .from(attempts)
    .where(inArray(attempts.id, [...params.ids]));
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
  return (await listDocumentIdsOfAttempts(db, { attemptIds: [params.attemptId] })).get(params.attemptId) ?? [];
}

/** listAttemptDocumentIds for many attempts, in one query: attempt id → its document ids in order. */
export async function listDocumentIdsOfAttempts(db: Db, params: { attemptIds: readonly string[] }) {
  const documentsOf = new Map<string, string[]>();
  if (params.attemptIds.length === 0) return documentsOf;
  const rows = await db
    .select({ attemptId: attemptDocuments.attemptId, id: attemptDocuments.documentId })
    .from(attemptDocuments)
    .where(inArray(attemptDocuments.attemptId, [...params.attemptIds]))
    .orderBy(asc(attemptDocuments.attemptId), asc(attemptDocuments.position));
  for (const [attemptId, group] of groupBy(rows, "attemptId"))
    documentsOf.set(
      attemptId,
      group.map((row) => row.id),
    );
  return documentsOf;
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
