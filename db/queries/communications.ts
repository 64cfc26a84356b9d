import { and, desc, eq, isNull, lt, not, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { communications } from "../schema";

export type CommunicationCursor = { lastActivityAt: Date; id: string };

export type ListCommunicationsParams = {
  limit: number;
  cursor?: CommunicationCursor;
  showIgnored?: boolean;
};

// Overview rows, newest activity first. Keyset pagination on (last_activity_at, id) so a
// deep page costs the same as the first (communications_visible_activity_idx).
export async function listCommunications(db: Db, params: ListCommunicationsParams) {
  const conditions: SQL[] = [not(communications.collectingData)];
  if (!params.showIgnored) conditions.push(isNull(communications.ignoredAt));
  if (params.cursor) {
    const { lastActivityAt, id } = params.cursor;
    conditions.push(
      or(
        lt(communications.lastActivityAt, lastActivityAt),
        and(eq(communications.lastActivityAt, lastActivityAt), lt(communications.id, id)),
      )!,
    );
  }
  const rows = await db
    .select({
      id: communications.id,
      subjectType: communications.subjectType,
      subjectRef: communications.subjectRef,
      customerName: communications.customerName,
      category: communications.category,
      channel: communications.channel,
      status: communications.status,
      statusLabel: communications.statusLabel,
      lastError: communications.lastError,
      attemptCount: communications.attemptCount,
      lastActivityAt: communications.lastActivityAt,
    })
    .from(communications)
    .where(and(...conditions))
    .orderBy(desc(communications.lastActivityAt), desc(communications.id))
    .limit(params.limit + 1);
  const page = rows.slice(0, params.limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > params.limit && last ? { lastActivityAt: last.lastActivityAt, id: last.id } : null;
  return { rows: page, nextCursor };
}

export type CommunicationRow = Awaited<ReturnType<typeof listCommunications>>["rows"][number];

// Visible communications per status in one grouped pass (the quick filters' counts).
export async function countCommunicationsByStatus(db: Db, params: { showIgnored?: boolean } = {}) {
  const conditions: SQL[] = [not(communications.collectingData)];
  if (!params.showIgnored) conditions.push(isNull(communications.ignoredAt));
  const rows = await db
    .select({ status: communications.status, count: sql<number>`count(*)::int` })
    .from(communications)
    .where(and(...conditions))
    .groupBy(communications.status);
  return Object.fromEntries(rows.map((row) => [row.status, row.count])) as Partial<
    Record<(typeof rows)[number]["status"], number>
  >;
}
