import { and, asc, count, desc, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../client";
import {
  attempts,
  auditEvents,
  communications,
  contactPoints,
  customerOptOuts,
  customerPreferences,
  customers,
  providerEvents,
} from "../schema";
import {
  type FilterInput,
  type Keyset,
  type PageToward,
  listPage,
  overviewConditions,
  listByStatus,
  type ResolvedFilters,
  resolveFilters,
  type SortDirection,
} from "./filters";
import { rowsOf } from "./prepared";

export type ListCommunicationsParams = {
  /** As typed, or already resolved when the same view also counts (one search probe for both). */
  filters: FilterInput;
  limit: number;
  direction?: SortDirection;
  cursor?: Keyset;
  /** Read the page before `cursor` instead of the one after it. */
  toward?: PageToward;
};

// Overview rows. Keyset pagination on (last_activity_at, id) — or (similarity, id) for a
// ranked search: a deep page costs the same as the first, whatever the filters.
export async function listCommunications(db: Db, params: ListCommunicationsParams) {
  const rows = await listCommunicationsQuery(db, { ...params, filters: await resolveFilters(db, params.filters, "overview") });
  return paginate(rows, params, (row) => ({ at: row.lastActivityAt, id: row.id }));
}

/** The list query itself, unexecuted (tests EXPLAIN it). Fetches one extra row to know if there is a next page. */
export function listCommunicationsQuery(db: Db, params: Omit<ListCommunicationsParams, "filters"> & { filters: ResolvedFilters }) {
  const page = listPage("overview", params.filters, params.direction ?? "desc", params.cursor, params.toward);
  return listByStatus(params.filters, { ...page, limit: params.limit + 1 }, (filters) =>
    db
      .select({
        id: communications.id,
        subjectType: communications.subjectType,
        subjectRef: communications.subjectRef,
        customerId: communications.customerId,
        customerName: communications.customerName,
        category: communications.category,
        channel: communications.channel,
        status: communications.status,
        statusLabel: communications.statusLabel,
        lastError: communications.lastError,
        attemptCount: communications.attemptCount,
        lastActivityAt: communications.lastActivityAt,
        ignoredAt: communications.ignoredAt,
        rank: page.rank ?? sql<null>`NULL::real`,
      })
      .from(communications)
      .where(and(...overviewConditions(filters), page.condition))
      .orderBy(...page.order)
      .limit(params.limit + 1),
  );
}

// Per-status counts for the current search, dropdowns and Status dropdown in one grouped
// pass; the quick filters add them up (lib/status countByQuickFilter), so the active one's
// count is exactly the number of rows listed.
export async function countCommunicationsByStatus(db: Db, filters: FilterInput) {
  return toStatusCounts(await countCommunicationsQuery(db, await resolveFilters(db, filters, "overview")));
}

export function countCommunicationsQuery(db: Db, filters: ResolvedFilters) {
  return db
    .select({ status: communications.status, count: count() })
    .from(communications)
    .where(and(...overviewConditions(filters, { quickCounts: true })))
    .groupBy(communications.status);
}

/** How many rows the list pages through: the very conditions of the rows (the API's total). */
export async function countCommunications(db: Db, filters: FilterInput): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(communications)
    .where(and(...overviewConditions(await resolveFilters(db, filters, "overview"))));
  return row?.count ?? 0;
}

export async function getCommunication(db: Db, params: { id: string }) {
  const [row] = await db.select().from(communications).where(eq(communications.id, params.id));
  return row ?? null;
}

export async function getCommunicationDetail(db: Db, params: { id: string }) {
  const [communication] = await db.select().from(communications).where(eq(communications.id, params.id));
  if (!communication) return null;
  const [customer, points, preferences, optOuts, timeline, audit] = await Promise.all([
    db
      .select()
      .from(customers)
      .where(eq(customers.id, communication.customerId))
      .then((r) => r[0] ?? null),
    db.select().from(contactPoints).where(eq(contactPoints.customerId, communication.customerId)),
    db.select().from(customerPreferences).where(eq(customerPreferences.customerId, communication.customerId)),
    db.select().from(customerOptOuts).where(eq(customerOptOuts.customerId, communication.customerId)),
    db.select().from(attempts).where(eq(attempts.communicationId, params.id)).orderBy(asc(attempts.seq)),
    db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.targetType, "communication"), eq(auditEvents.targetId, params.id)))
      .orderBy(asc(auditEvents.createdAt)),
  ]);
  const events = timeline.length
    ? await db
        .select({
          id: providerEvents.id,
          attemptId: providerEvents.attemptId,
          eventType: providerEvents.eventType,
          mappedStatus: providerEvents.mappedStatus,
          outcome: providerEvents.outcome,
          occurredAt: providerEvents.occurredAt,
          receivedAt: providerEvents.receivedAt,
        })
        .from(providerEvents)
        .where(
          inArray(
            providerEvents.attemptId,
            timeline.map((attempt) => attempt.id),
          ),
        )
        .orderBy(asc(providerEvents.receivedAt))
    : [];
  return { communication, customer, contactPoints: points, preferences, optOuts, attempts: timeline, events, audit };
}

/**
 * Ignore (reason required) or un-ignore a communication, mirror it on its attempts for the
 * log, and record who did it — all in one transaction. Returns false for an unknown id.
 */
export async function setCommunicationIgnored(
  db: Db,
  params: { id: string; ignored: boolean; actor: string; actorId?: string; reason?: string; at?: Date },
): Promise<boolean> {
  const at = params.at ?? new Date();
  return db.transaction(async (tx) => {
    // Lock order: attempts (by id) before their communication, as every status write does —
    // the other order deadlocks with a hand-over or webhook moving one of these attempts.
    await tx
      .select({ id: attempts.id })
      .from(attempts)
      .where(eq(attempts.communicationId, params.id))
      .orderBy(asc(attempts.id))
      .for("no key update");
    const [row] = await tx
      .update(communications)
      .set({
        ignoredAt: params.ignored ? at : null,
        ignoredBy: params.ignored ? params.actor : null,
        ignoredReason: params.ignored ? (params.reason ?? null) : null,
        updatedAt: at,
      })
      .where(eq(communications.id, params.id))
      .returning({ id: communications.id });
    if (!row) return false;
    await tx
      .update(attempts)
      .set({ communicationIgnoredAt: params.ignored ? at : null })
      .where(eq(attempts.communicationId, params.id));
    await tx.insert(auditEvents).values({
      actorType: "staff",
      actorId: params.actorId ?? params.actor,
      action: params.ignored ? "communication.ignored" : "communication.unignored",
      targetType: "communication",
      targetId: params.id,
      data: params.ignored ? { reason: params.reason ?? null } : {},
      createdAt: at,
    });
    return true;
  });
}

/**
 * A cheap "has anything changed?" probe for the open page: the latest write to a
 * communication or an attempt (two backward index scans of one row each).
 */
export async function getLatestChange(db: Db): Promise<string | null> {
  const [row] = await db
    .select({
      at: sql<
        string | null
      >`greatest((SELECT max(${communications.updatedAt}) FROM ${communications}), (SELECT max(${attempts.updatedAt}) FROM ${attempts}))::text`,
    })
    .from(sql`(SELECT 1) AS probe`);
  return row?.at ?? null;
}

/** Location groups in use, for the filter dropdown (a few dozen at most), in order. */
export async function listLocationGroups(db: Db): Promise<string[]> {
  return rowsOf<{ value: string }>(await db.execute(locationGroupsQuery())).map((row) => row.value);
}

/**
 * The groups one index probe each (a skip scan down customers' location-group index: the
 * first group, then the first one after it, and so on), never a read of every customer: a
 * DISTINCT read all 100,000 entries of the index on every render of the page (22 ms).
 */
export function locationGroupsQuery(): SQL {
  return sql`WITH RECURSIVE groups (value) AS (
      (SELECT location_group FROM ${customers} WHERE location_group IS NOT NULL ORDER BY location_group LIMIT 1)
      UNION ALL
      SELECT (SELECT c.location_group FROM ${customers} AS c WHERE c.location_group > groups.value ORDER BY c.location_group LIMIT 1)
      FROM groups WHERE groups.value IS NOT NULL
    )
    SELECT value FROM groups WHERE value IS NOT NULL`;
}

/** Customer picker: trigram match on the name, best first. */
export async function searchCustomers(db: Db, params: { query: string; limit: number }) {
  const query = params.query.trim();
  return db
    .select({ id: customers.id, name: customers.name, externalRef: customers.externalRef })
    .from(customers)
    .where(
      query ? sql`${customers.name} ILIKE ${`%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} OR ${query} <% ${customers.name}` : undefined,
    )
    .orderBy(query ? sql`word_similarity(${query}, ${customers.name}) DESC` : asc(customers.name), asc(customers.id))
    .limit(params.limit);
}

export async function getCustomerName(db: Db, params: { id: string }) {
  const [row] = await db.select({ name: customers.name }).from(customers).where(eq(customers.id, params.id));
  return row?.name ?? null;
}

/**
 * One page (the query read `limit + 1` rows from its cursor) with the cursors of the pages
 * after and before it; a ranked row (rank set) continues by similarity. A page read
 * backwards arrives reversed and is put back in order; there is a next page (the one it was
 * read from) and a previous one only if the extra row came back. A page read forwards from
 * a cursor has a previous page: the one the cursor came from.
 */
export function paginate<T extends { id: string; rank: number | null }>(
  rows: T[],
  params: { limit: number; cursor?: Keyset; toward?: PageToward },
  dateKey: (row: T) => Keyset,
) {
  const keyOf = (row: T | undefined) => (row ? (row.rank === null ? dateKey(row) : { rank: row.rank, id: row.id }) : null);
  const more = rows.length > params.limit;
  if (params.toward === "previous") {
    const page = rows.slice(0, params.limit).reverse();
    return { rows: page, nextCursor: keyOf(page.at(-1)), previousCursor: more ? keyOf(page[0]) : null };
  }
  const page = rows.slice(0, params.limit);
  return { rows: page, nextCursor: more ? keyOf(page.at(-1)) : null, previousCursor: params.cursor ? keyOf(page[0]) : null };
}

export function toStatusCounts<S extends string>(rows: { status: S; count: number }[]) {
  return Object.fromEntries(rows.map((row) => [row.status, row.count])) as Partial<Record<S, number>>;
}

/** Every id matching the Communication tab's filters, newest first, up to `limit` (a bulk send of "all matching"). */
export async function listMatchingCommunicationIds(db: Db, params: { filters: FilterInput; limit: number }) {
  const rows = await db
    .select({ id: communications.id })
    .from(communications)
    .where(and(...overviewConditions(await resolveFilters(db, params.filters, "overview"))))
    .orderBy(desc(communications.lastActivityAt), desc(communications.id))
    .limit(params.limit);
  return rows.map((row) => row.id);
}
