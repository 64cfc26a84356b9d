import { and, desc, eq, inArray, lt } from "drizzle-orm";
import type { Db } from "../client";
import { providerEvents } from "../schema";
import { type Provider, UNRESOLVED_OUTCOMES } from "../schema/enums";

// Raw provider feedback: stored once per (provider, event key), with what applying it did.
// Purged after the retention period; attempts keep what they learnt.

export type NewProviderEvent = typeof providerEvents.$inferInsert;

/**
 * Stores events, skipping any (provider, event key) already stored — by an earlier request
 * or one running concurrently. Returns the keys this call stored.
 */
export async function insertProviderEvents(db: Db, events: readonly NewProviderEvent[]): Promise<Set<string>> {
  const stored = new Set<string>();
  // Bounded statements: Postgres allows 65,535 parameters, and an event row uses 11.
  for (let start = 0; start < events.length; start += 1000) {
    const rows = await db
      .insert(providerEvents)
      .values(events.slice(start, start + 1000))
      .onConflictDoNothing({ target: [providerEvents.provider, providerEvents.eventKey] })
      .returning({ eventKey: providerEvents.eventKey });
    for (const row of rows) stored.add(row.eventKey);
  }
  return stored;
}

/**
 * Deletes up to `batchSize` events received before the cut-off and returns how many went.
 * Batched so one run never holds a long lock or a huge WAL burst; callers loop until a
 * batch comes back short (provider_events_received_at_idx).
 */
export async function purgeProviderEvents(db: Db, params: { receivedBefore: Date; batchSize: number }): Promise<number> {
  const expired = db
    .select({ id: providerEvents.id })
    .from(providerEvents)
    .where(lt(providerEvents.receivedAt, params.receivedBefore))
    .limit(params.batchSize);
  const deleted = await db.delete(providerEvents).where(inArray(providerEvents.id, expired)).returning({ id: providerEvents.id });
  return deleted.length;
}

/** Events nobody could apply, newest first (provider_events_unresolved_idx). */
export async function listUnresolvedProviderEvents(db: Db, params: { provider?: Provider; limit: number }) {
  return db
    .select({
      id: providerEvents.id,
      provider: providerEvents.provider,
      eventType: providerEvents.eventType,
      providerMessageId: providerEvents.providerMessageId,
      outcome: providerEvents.outcome,
      detail: providerEvents.detail,
      receivedAt: providerEvents.receivedAt,
    })
    .from(providerEvents)
    .where(
      and(
        inArray(providerEvents.outcome, [...UNRESOLVED_OUTCOMES]),
        params.provider ? eq(providerEvents.provider, params.provider) : undefined,
      ),
    )
    .orderBy(desc(providerEvents.receivedAt))
    .limit(params.limit);
}

export type StoredReport = { id: number; eventKey: string; payload: unknown; receivedAt: Date };
/** What an early report is applied from again (lib/webhooks/early-reports.ts). */
const STORED_REPORT = {
  id: providerEvents.id,
  eventKey: providerEvents.eventKey,
  payload: providerEvents.payload,
  receivedAt: providerEvents.receivedAt,
};

/** Events stored under a message id no attempt had yet (outcome unknown_message), oldest first. */
export async function listEarlyReports(db: Db, params: { provider: Provider; providerMessageId: string }): Promise<StoredReport[]> {
  return db
    .select(STORED_REPORT)
    .from(providerEvents)
    .where(
      and(
        eq(providerEvents.provider, params.provider),
        eq(providerEvents.providerMessageId, params.providerMessageId),
        eq(providerEvents.outcome, "unknown_message"),
      ),
    )
    .orderBy(providerEvents.id);
}

/** Takes those events back (they are stored again, applied): only the ones still unknown, oldest first. */
export async function takeEarlyReports(db: Db, ids: readonly number[]): Promise<StoredReport[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .delete(providerEvents)
    .where(and(inArray(providerEvents.id, [...ids]), eq(providerEvents.outcome, "unknown_message")))
    .returning(STORED_REPORT);
  return rows.sort((a, b) => a.id - b.id);
}
