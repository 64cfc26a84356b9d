import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { Db } from "../client";
import { rateLimitCounters } from "../schema";

// Fixed-window counters shared by every instance (db/schema/rate-limits.ts). The window
// starts at a key's first hit and lasts `windowSeconds`; the database's clock decides, so
// instances whose clocks drift still agree.

export type RateLimitHit = {
  /** Hits in the current window, this one included. */
  count: number;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
};

const secondsLeft = sql<number>`GREATEST(1, ceil(extract(epoch FROM ${rateLimitCounters.resetsAt} - now())))::int`;

/**
 * Counts one hit against `key` in one statement: a new key or a passed window starts at 1,
 * else the count goes up by one. Concurrent hits on any instance serialise on the row.
 */
export async function hitRateLimit(db: Db, params: { key: string; windowSeconds: number }): Promise<RateLimitHit> {
  const expired = sql`${rateLimitCounters.resetsAt} <= now()`;
  const [row] = await db
    .insert(rateLimitCounters)
    .values({ key: params.key, count: 1, resetsAt: sql`now() + make_interval(secs => ${params.windowSeconds}::double precision)` })
    .onConflictDoUpdate({
      target: rateLimitCounters.key,
      set: {
        count: sql`CASE WHEN ${expired} THEN 1 ELSE ${rateLimitCounters.count} + 1 END`,
        resetsAt: sql`CASE WHEN ${expired} THEN excluded.resets_at ELSE ${rateLimitCounters.resetsAt} END`,
      },
    })
    .returning({ count: rateLimitCounters.count, retryAfterSeconds: secondsLeft });
  return row!;
}

/** Takes back one hit of the current window (a request that turned out not to count). */
export async function releaseRateLimitHit(db: Db, params: { key: string }): Promise<void> {
  await db
    .update(rateLimitCounters)
    .set({ count: sql`GREATEST(${rateLimitCounters.count} - 1, 0)` })
    .where(and(eq(rateLimitCounters.key, params.key), gt(rateLimitCounters.resetsAt, sql`now()`)));
}

export async function clearRateLimit(db: Db, params: { key: string }): Promise<void> {
  await db.delete(rateLimitCounters).where(eq(rateLimitCounters.key, params.key));
}

/** The current window of `key`, or null when it has none (never hit, or passed). */
export async function readRateLimit(db: Db, params: { key: string }): Promise<RateLimitHit | null> {
  const [row] = await db
    .select({ count: rateLimitCounters.count, retryAfterSeconds: secondsLeft })
    .from(rateLimitCounters)
    .where(and(eq(rateLimitCounters.key, params.key), gt(rateLimitCounters.resetsAt, sql`now()`)));
  return row ?? null;
}

/** Deletes the counters whose window has passed; returns how many. */
export async function purgeExpiredRateLimits(db: Db): Promise<number> {
  const rows = await db
    .delete(rateLimitCounters)
    .where(lte(rateLimitCounters.resetsAt, sql`now()`))
    .returning({ key: rateLimitCounters.key });
  return rows.length;
}
