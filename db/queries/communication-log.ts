import { and, asc, count, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attemptDocuments, attempts, communications, documents, providerEvents } from "../schema";
import { paginate, toStatusCounts } from "./communications";
import {
  type FilterInput,
  type Keyset,
  type PageToward,
  listPage,
  logConditions,
  listByStatus,
  type ResolvedFilters,
  resolveFilters,
  type SortDirection,
} from "./filters";

// The Communication log tab: one row per attempt, newest first (or most similar first for
// a ranked search), keyset-paginated.
type ListAttemptsParams = { filters: FilterInput; limit: number; direction?: SortDirection; cursor?: Keyset; toward?: PageToward };

export async function listAttempts(db: Db, params: ListAttemptsParams) {
  const rows = await listAttemptsQuery(db, { ...params, filters: await resolveFilters(db, params.filters, "log") });
  return paginate(rows, params, (row) => ({ at: row.createdAt, id: row.id }));
}

/** The list query itself, unexecuted (tests EXPLAIN it). */
export function listAttemptsQuery(db: Db, params: Omit<ListAttemptsParams, "filters"> & { filters: ResolvedFilters }) {
  const page = listPage("log", params.filters, params.direction ?? "desc", params.cursor, params.toward);
  return listByStatus(params.filters, { ...page, limit: params.limit + 1 }, (filters) =>
    db
      .select({
        id: attempts.id,
        communicationId: attempts.communicationId,
        createdAt: attempts.createdAt,
        subjectRef: attempts.subjectRef,
        category: attempts.category,
        customerId: attempts.customerId,
        customerName: attempts.customerName,
        channel: attempts.channel,
        provider: attempts.provider,
        recipient: attempts.recipient,
        kind: attempts.kind,
        seq: attempts.seq,
        repeatsAttemptId: attempts.repeatsAttemptId,
        status: attempts.status,
        statusLabel: attempts.statusLabel,
        errorMessage: attempts.errorMessage,
        ignoredAt: attempts.communicationIgnoredAt,
        rank: page.rank ?? sql<null>`NULL::real`,
      })
      .from(attempts)
      .where(and(...logConditions(filters), page.condition))
      .orderBy(...page.order)
      .limit(params.limit + 1),
  );
}

// Per-status counts within the Status dropdown, as on the Communication tab.
export async function countAttemptsByStatus(db: Db, filters: FilterInput) {
  return toStatusCounts(await countAttemptsQuery(db, await resolveFilters(db, filters, "log")));
}

export function countAttemptsQuery(db: Db, filters: ResolvedFilters) {
  return db
    .select({ status: attempts.status, count: count() })
    .from(attempts)
    .where(and(...logConditions(filters, { quickCounts: true })))
    .groupBy(attempts.status);
}

// Complete error details and the proof of what was sent, for one attempt.
export async function getAttemptDetail(db: Db, params: { id: string }) {
  const [attempt] = await db.select().from(attempts).where(eq(attempts.id, params.id));
  if (!attempt) return null;
  const [communication, events, files, repeats] = await Promise.all([
    db
      .select({
        id: communications.id,
        subjectType: communications.subjectType,
        subjectRef: communications.subjectRef,
        status: communications.status,
        ignoredAt: communications.ignoredAt,
      })
      .from(communications)
      .where(eq(communications.id, attempt.communicationId))
      .then((rows) => rows[0] ?? null),
    db.select().from(providerEvents).where(eq(providerEvents.attemptId, params.id)).orderBy(asc(providerEvents.receivedAt)),
    db
      .select({
        id: documents.id,
        filename: documents.filename,
        contentType: documents.contentType,
        byteSize: documents.byteSize,
        sha256AtSend: attemptDocuments.sha256,
        storedSha256: documents.sha256,
      })
      .from(attemptDocuments)
      .innerJoin(documents, eq(documents.id, attemptDocuments.documentId))
      .where(eq(attemptDocuments.attemptId, params.id))
      .orderBy(asc(attemptDocuments.position)),
    attempt.repeatsAttemptId
      ? db
          .select({ id: attempts.id, seq: attempts.seq, kind: attempts.kind, channel: attempts.channel })
          .from(attempts)
          .where(eq(attempts.id, attempt.repeatsAttemptId))
          .then((rows) => rows[0] ?? null)
      : null,
  ]);
  return { attempt, communication, events, documents: files, repeats };
}
