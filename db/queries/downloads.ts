import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attemptDocuments, attempts, communications, documents, providerEvents } from "../schema";
import {
  type CommunicationFilters,
  type Keyset,
  keysetPage,
  logConditions,
  overviewConditions,
  type ResolvedFilters,
  resolveFilters,
} from "./filters";

// What the ZIP and CSV downloads read. Rows come in keyset batches so a download of any
// size holds one batch in memory; the filters are the page's own (overview/log conditions),
// so a download shows exactly what the tab shows — collecting data never, ignored only when
// the view shows them.

export type DownloadTab = "overview" | "log";

/**
 * Rows and a generous estimate of the bytes a ZIP of this view carries, asked before
 * streaming so an oversized download is refused up front: the documents, the rendered
 * message about five times (content.json, .eml in base64, .html, .txt), and ~2 KB per
 * attempt of ZIP headers and manifest lines.
 */
export async function estimateDownload(db: Db, params: { tab: DownloadTab; filters: CommunicationFilters }) {
  const [row] = await estimateDownloadQuery(db, { tab: params.tab, filters: await resolveFilters(db, params.filters, params.tab) });
  return { rows: row?.rows ?? 0, attempts: row?.attempts ?? 0, bytes: Number(row?.bytes ?? 0) };
}

/** The estimate query itself, unexecuted (tests EXPLAIN it). */
export function estimateDownloadQuery(db: Db, params: { tab: DownloadTab; filters: ResolvedFilters }) {
  const documentBytes = sql<number>`coalesce((SELECT sum(${documents.byteSize}) FROM ${attemptDocuments}
    JOIN ${documents} ON ${documents.id} = ${attemptDocuments.documentId}
    WHERE ${attemptDocuments.attemptId} = ${attempts.id}), 0)`;
  const contentBytes = sql<number>`octet_length(${attempts.bodyText}) + coalesce(octet_length(${attempts.bodyHtml}), 0)`;
  const base = db
    .select({
      rows: sql<number>`count(DISTINCT ${params.tab === "log" ? attempts.id : communications.id})::int`,
      attempts: sql<number>`count(${attempts.id})::int`,
      bytes: sql<number>`coalesce(sum(${documentBytes} + 5 * (${contentBytes}) + 2048), 0)::float8`,
    })
    .from(params.tab === "log" ? attempts : communications);
  return params.tab === "log"
    ? base.where(and(...logConditions(params.filters)))
    : base.leftJoin(attempts, eq(attempts.communicationId, communications.id)).where(and(...overviewConditions(params.filters)));
}

const downloadAttemptColumns = {
  id: attempts.id,
  communicationId: attempts.communicationId,
  subjectType: communications.subjectType,
  subjectRef: attempts.subjectRef,
  category: attempts.category,
  customerId: attempts.customerId,
  customerName: attempts.customerName,
  seq: attempts.seq,
  kind: attempts.kind,
  channel: attempts.channel,
  provider: attempts.provider,
  recipient: attempts.recipient,
  subject: attempts.subject,
  bodyText: attempts.bodyText,
  bodyHtml: attempts.bodyHtml,
  contentSha256: attempts.contentSha256,
  locale: attempts.locale,
  status: attempts.status,
  statusLabel: attempts.statusLabel,
  providerMessageId: attempts.providerMessageId,
  createdAt: attempts.createdAt,
  sentAt: attempts.sentAt,
  deliveredAt: attempts.deliveredAt,
  failedAt: attempts.failedAt,
  errorMessage: attempts.errorMessage,
};

export type DownloadAttempt = Awaited<ReturnType<typeof listDownloadAttempts>>["rows"][number];

/** One batch of the log tab's attempts, content snapshot included, in the tab's order. */
export async function listDownloadAttempts(db: Db, params: { filters: CommunicationFilters; limit: number; cursor?: Keyset }) {
  const filters = await resolveFilters(db, params.filters, "log");
  const page = keysetPage(attempts.createdAt, attempts.id, "desc", params.cursor);
  const rows = await db
    .select(downloadAttemptColumns)
    .from(attempts)
    .innerJoin(communications, eq(communications.id, attempts.communicationId))
    .where(and(...logConditions(filters), page.condition))
    .orderBy(...page.order)
    .limit(params.limit);
  const last = rows.at(-1);
  return { rows, nextCursor: rows.length === params.limit && last ? { at: last.createdAt, id: last.id } : null };
}

/** Every attempt of the given communications (an overview batch), in timeline order. */
export async function listAttemptsOfCommunications(db: Db, params: { communicationIds: string[] }) {
  if (params.communicationIds.length === 0) return [];
  return db
    .select(downloadAttemptColumns)
    .from(attempts)
    .innerJoin(communications, eq(communications.id, attempts.communicationId))
    .where(inArray(attempts.communicationId, params.communicationIds))
    .orderBy(asc(attempts.communicationId), asc(attempts.seq));
}

/** Which documents went out with each attempt: metadata and both hashes, not the bytes. */
export async function listAttemptDocumentsForDownload(db: Db, params: { attemptIds: string[] }) {
  if (params.attemptIds.length === 0) return [];
  return db
    .select({
      attemptId: attemptDocuments.attemptId,
      documentId: documents.id,
      filename: documents.filename,
      contentType: documents.contentType,
      byteSize: documents.byteSize,
      storedSha256: documents.sha256,
      sha256AtSend: attemptDocuments.sha256,
    })
    .from(attemptDocuments)
    .innerJoin(documents, eq(documents.id, attemptDocuments.documentId))
    .where(inArray(attemptDocuments.attemptId, params.attemptIds))
    .orderBy(asc(attemptDocuments.attemptId), asc(attemptDocuments.position));
}

/** The bytes of a few documents; the caller bounds how many bytes it asks for at once. */
export async function readDocumentContents(db: Db, params: { documentIds: string[] }) {
  if (params.documentIds.length === 0) return new Map<string, Uint8Array>();
  const rows = await db
    .select({ id: documents.id, content: documents.content })
    .from(documents)
    .where(inArray(documents.id, params.documentIds));
  return new Map(rows.map((row) => [row.id, row.content]));
}

/** Provider events received for the attempts (purged after 62 days: older ones are gone). */
export async function listAttemptEventsForDownload(db: Db, params: { attemptIds: string[] }) {
  if (params.attemptIds.length === 0) return [];
  return db
    .select({
      attemptId: providerEvents.attemptId,
      eventType: providerEvents.eventType,
      mappedStatus: providerEvents.mappedStatus,
      outcome: providerEvents.outcome,
      occurredAt: providerEvents.occurredAt,
      receivedAt: providerEvents.receivedAt,
    })
    .from(providerEvents)
    .where(inArray(providerEvents.attemptId, params.attemptIds))
    .orderBy(asc(providerEvents.attemptId), asc(providerEvents.receivedAt), asc(providerEvents.id));
}
