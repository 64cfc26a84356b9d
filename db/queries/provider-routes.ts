import { and, desc, eq, gt, inArray, isNotNull, lt, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attempts, auditEvents, providerEvents, providerHealth, providerRoutes, providerSignals } from "../schema";
import { type Channel, type Provider, type RouteMode, STATUS } from "../schema/enums";
import { enqueueJobs } from "./outbox";
import { handOverJob } from "./outbox-jobs";

// Provider failover's reads and writes (db/schema/provider-routes.ts, lib/failover).

export type RouteRow = typeof providerRoutes.$inferSelect;
export type HealthRow = typeof providerHealth.$inferSelect;

export async function recordProviderSignal(
  db: Db,
  signal: { provider: Provider; at: Date; ok: boolean; attemptId: string | null; errorCode: string | null },
) {
  await db.insert(providerSignals).values(signal);
}

/** A provider's recent hand-over answers, newest first. */
export async function recentSignals(db: Db, params: { provider: Provider; since: Date; limit: number }) {
  return db
    .select({ at: providerSignals.at, ok: providerSignals.ok, errorCode: providerSignals.errorCode, attemptId: providerSignals.attemptId })
    .from(providerSignals)
    .where(and(eq(providerSignals.provider, params.provider), gt(providerSignals.at, params.since)))
    .orderBy(desc(providerSignals.at), desc(providerSignals.id))
    .limit(params.limit);
}

/** Messages the provider took since `since`, and when its first report on each arrived (null: none yet). */
export async function recentFeedback(db: Db, params: { provider: Provider; since: Date; before?: Date; limit: number }) {
  const rows = await db
    .select({
      handedOverAt: providerSignals.at,
      // Epoch milliseconds: each driver returns a float8 as a number.
      firstFeedbackMs: sql<
        number | string | null
      >`(SELECT (extract(epoch FROM min(pe.received_at)) * 1000)::float8 FROM ${providerEvents} pe WHERE pe.attempt_id = ${sql.raw('"provider_signals"."attempt_id"')})`,
    })
    .from(providerSignals)
    .where(
      and(
        eq(providerSignals.provider, params.provider),
        eq(providerSignals.ok, true),
        isNotNull(providerSignals.attemptId),
        gt(providerSignals.at, params.since),
        params.before ? lt(providerSignals.at, params.before) : undefined,
      ),
    )
    .orderBy(desc(providerSignals.at))
    .limit(params.limit);
  return rows.map((row) => ({
    handedOverAt: row.handedOverAt,
    firstFeedbackAt: row.firstFeedbackMs === null ? null : new Date(Number(row.firstFeedbackMs)),
  }));
}

export async function readHealth(db: Db, providers: readonly Provider[]): Promise<HealthRow[]> {
  if (providers.length === 0) return [];
  return db
    .select()
    .from(providerHealth)
    .where(inArray(providerHealth.provider, [...providers]));
}

export async function writeHealth(db: Db, row: HealthRow) {
  await db.insert(providerHealth).values(row).onConflictDoUpdate({ target: providerHealth.provider, set: row });
}

export async function readRoute(db: Db, channel: Channel): Promise<RouteRow | null> {
  const [row] = await db.select().from(providerRoutes).where(eq(providerRoutes.channel, channel));
  return row ?? null;
}

export async function readRoutes(db: Db): Promise<RouteRow[]> {
  return db.select().from(providerRoutes);
}

/**
 * Moves a channel's traffic (auto mode) from `from` to `to` (null: the primary), only if no
 * other instance moved it first. Moving away from a provider wakes its attempts waiting for
 * their next try, so they move at once.
 */
export async function switchRoute(
  db: Db,
  params: { channel: Channel; from: Provider | null; to: Provider | null; away: Provider; reason: string; at: Date },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [route] = await tx
      .insert(providerRoutes)
      .values({
        channel: params.channel,
        activeProvider: params.to,
        switchedAt: params.at,
        switchReason: params.reason,
        probeAt: params.at,
        updatedAt: params.at,
      })
      .onConflictDoUpdate({
        target: providerRoutes.channel,
        // The first probe of the provider left comes one interval after the switch.
        set: { activeProvider: params.to, switchedAt: params.at, switchReason: params.reason, probeAt: params.at, updatedAt: params.at },
        where: and(eq(providerRoutes.mode, "auto"), sql`${providerRoutes.activeProvider} IS NOT DISTINCT FROM ${params.from}`),
      })
      .returning();
    if (!route || params.to === null) return;
    const woken = await tx
      .update(attempts)
      .set({ retryAt: params.at })
      .where(
        and(
          eq(attempts.provider, params.away),
          eq(attempts.status, STATUS.queued),
          isNotNull(attempts.retryAt),
          gt(attempts.retryAt, params.at),
        ),
      )
      .returning({ id: attempts.id, provider: attempts.provider });
    // In chunks: an outage may leave tens of thousands waiting (a statement takes 65,535 parameters).
    for (let start = 0; start < woken.length; start += 1_000) {
      const chunk = woken.slice(start, start + 1_000);
      await enqueueJobs(
        tx,
        chunk.map((row) => handOverJob({ attemptId: row.id, provider: row.provider }, params.at.toISOString())),
      );
    }
  });
}

/** Takes the primary's probe slot: true for one caller per interval, across instances. */
export async function takeProbe(db: Db, params: { channel: Channel; at: Date; intervalMs: number }): Promise<boolean> {
  const before = new Date(params.at.getTime() - params.intervalMs);
  const rows = await db
    .update(providerRoutes)
    .set({ probeAt: params.at })
    .where(
      and(eq(providerRoutes.channel, params.channel), sql`(${providerRoutes.probeAt} IS NULL OR ${providerRoutes.probeAt} <= ${before})`),
    )
    .returning({ channel: providerRoutes.channel });
  return rows.length > 0;
}

/** An admin sets how a channel is routed; audited with the setting before and after. */
export async function setRouteMode(
  db: Db,
  params: { channel: Channel; mode: RouteMode; pinnedProvider: Provider | null; actor: string; at: Date },
) {
  return db.transaction(async (tx) => {
    const before = await readRoute(tx, params.channel);
    // Saving what is already set changes nothing: a failed-over route stays failed over.
    const unchanged =
      (before?.mode ?? "auto") === params.mode && (params.mode !== "pinned" || before?.pinnedProvider === params.pinnedProvider);
    if (unchanged) return false;
    const values = {
      mode: params.mode,
      pinnedProvider: params.mode === "pinned" ? params.pinnedProvider : null,
      activeProvider: null,
      switchedAt: params.at,
      switchReason: `Set by ${params.actor}`,
      probeAt: null,
      updatedAt: params.at,
      updatedBy: params.actor,
    };
    await tx
      .insert(providerRoutes)
      .values({ channel: params.channel, ...values })
      .onConflictDoUpdate({ target: providerRoutes.channel, set: values });
    await tx.insert(auditEvents).values({
      actorType: "staff",
      actorId: params.actor,
      action: "provider_route.changed",
      targetType: "channel",
      targetId: params.channel,
      data: {
        before: before ? { mode: before.mode, pinnedProvider: before.pinnedProvider, activeProvider: before.activeProvider } : null,
        after: { mode: values.mode, pinnedProvider: values.pinnedProvider },
      },
      createdAt: params.at,
    });
    return true;
  });
}

/** The purge job: signals older than `before` say nothing any more. */
export async function purgeProviderSignals(db: Db, params: { before: Date }): Promise<void> {
  await db.delete(providerSignals).where(lt(providerSignals.at, params.before));
}
