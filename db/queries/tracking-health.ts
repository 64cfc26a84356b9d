import { and, asc, count, eq, inArray, max, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { attempts, providerEvents } from "../schema";
import { type AttemptStatus, type Provider, UNRESOLVED_OUTCOMES } from "../schema/enums";

// Is provider feedback arriving? Per provider: when the last event came, how many attempts
// are waiting longer than they should, and how many events could not be applied.

/** One "stuck" rule: attempts of this channel in this status since before `statusBefore`. */
export type StuckRule = { provider: Provider; status: AttemptStatus; statusBefore: Date };

/** Newest event per provider: one index-backed max() each (provider_events_received_idx). */
export async function getLastProviderEventTimes(db: Db, params: { providers: readonly Provider[] }) {
  const rows = await Promise.all(
    params.providers.map(async (provider) => {
      const [row] = await db
        .select({ lastReceivedAt: max(providerEvents.receivedAt) })
        .from(providerEvents)
        .where(eq(providerEvents.provider, provider));
      return [provider, row?.lastReceivedAt ?? null] as const;
    }),
  );
  return new Map<Provider, Date | null>(rows);
}

function stuckCondition(params: { awaiting: readonly AttemptStatus[]; rules: readonly StuckRule[] }) {
  const late: SQL[] = params.rules.map((rule) =>
    and(
      eq(attempts.provider, rule.provider),
      eq(attempts.status, rule.status),
      sql`${attempts.statusAt} < ${rule.statusBefore.toISOString()}::timestamptz`,
    )!,
  );
  return and(inArray(attempts.status, [...params.awaiting]), or(...late));
}

/** Attempts past their rule's expected delay, per provider (attempts_awaiting_feedback_idx). */
export async function countStuckAttempts(db: Db, params: { awaiting: readonly AttemptStatus[]; rules: readonly StuckRule[] }) {
  if (params.rules.length === 0) return new Map<Provider, number>();
  const rows = await db
    .select({ provider: attempts.provider, count: count() })
    .from(attempts)
    .where(stuckCondition(params))
    .groupBy(attempts.provider);
  return new Map(rows.map((row) => [row.provider, row.count]));
}

/** The longest-waiting of those attempts, so staff can open them (attempts_awaiting_feedback_idx). */
export async function listStuckAttempts(
  db: Db,
  params: { awaiting: readonly AttemptStatus[]; rules: readonly StuckRule[]; limit: number },
) {
  if (params.rules.length === 0) return [];
  return db
    .select({
      id: attempts.id,
      provider: attempts.provider,
      status: attempts.status,
      statusAt: attempts.statusAt,
      subjectRef: attempts.subjectRef,
      recipient: attempts.recipient,
    })
    .from(attempts)
    .where(stuckCondition(params))
    .orderBy(asc(attempts.statusAt))
    .limit(params.limit);
}

/** Unknown-message and unrecognised events still held, per provider (provider_events_unresolved_idx). */
export async function countUnresolvedProviderEvents(db: Db) {
  const rows = await db
    .select({ provider: providerEvents.provider, outcome: providerEvents.outcome, count: count() })
    .from(providerEvents)
    .where(inArray(providerEvents.outcome, [...UNRESOLVED_OUTCOMES]))
    .groupBy(providerEvents.provider, providerEvents.outcome);
  return rows;
}
