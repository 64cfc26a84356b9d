import type { Db } from "@/db/client";
import {
  readHealth,
  readRoute,
  recentFeedback,
  recentSignals,
  recordProviderSignal,
  type RouteRow,
  switchRoute,
  takeProbe,
  writeHealth,
} from "@/db/queries/provider-routes";
import { type Channel, type Provider, UNCERTAIN_TRY } from "@/lib/status";
import { assessHealth, decideRoute, type FailoverConfig, type Health, moveTarget, type Route, routeTarget } from "./policy";

// Provider failover as the sending engine uses it: which provider an attempt created now
// goes to, whether a queued attempt moves before its next try, and what each hand-over
// answer says about its provider. The state lives in Postgres (every instance reads and
// moves the same route); a process trusts what it read for `cacheMs`.

/** The attempt meta flag of a probe (lib/sending/create-attempt.ts sets it). */
export const ROUTE_PROBE = "routeProbe";

/** Per channel, the providers that can carry it, primary first; fewer than two: no failover. */
export type FailoverGroups = Partial<Record<Channel, readonly Provider[]>>;

export type ProviderRouting = {
  /**
   * The provider for an attempt created now on `channel` (`probe`: it tests a failed-over
   * primary, and is not moved away before it tried), or null when the channel has no failover.
   */
  providerFor(db: Db, channel: Channel, now: Date): Promise<{ provider: Provider; probe: boolean } | null>;
  /** Where a queued attempt should move before its next try; null: it stays with its provider. */
  moveTarget(db: Db, attempt: MovableAttempt, now: Date): Promise<Provider | null>;
  /** Whether the channel fails over from this attempt's provider now (read fresh, no probe taken). */
  routedAway(db: Db, attempt: MovableAttempt, now: Date): Promise<boolean>;
  /**
   * Another provider of the channel for one message its own provider keeps refusing, while
   * the channel as a whole stays where it is (automatic mode only; a provider last assessed
   * down is not one). Null when there is none.
   */
  alternativeFor(db: Db, attempt: MovableAttempt, now: Date): Promise<Provider | null>;
  /** A hand-over answer (taken, or a temporary failure), then the route assessed again. */
  record(
    db: Db,
    signal: { channel: Channel; provider: Provider; attemptId: string | null; ok: boolean; errorCode: string | null; at: Date },
  ): Promise<void>;
  /** Assesses the channel's providers and moves the route when the policy says so. */
  assess(db: Db, channel: Channel, now: Date): Promise<void>;
};

export type MovableAttempt = { channel: Channel; provider: Provider; retryCount: number; meta: Record<string, unknown> };

const NO_ROUTE: Route = { mode: "auto", pinnedProvider: null, activeProvider: null, switchedAt: null, probeAt: null };

export function createProviderRouting(groups: FailoverGroups, config: FailoverConfig): ProviderRouting {
  const cache = new Map<Channel, { route: Route; readAt: number }>();
  const lastAssessed = new Map<Channel, number>();
  const groupOf = (channel: Channel) => {
    const group = groups[channel];
    return group && group.length >= 2 ? group : null;
  };

  async function route(db: Db, channel: Channel, now: Date): Promise<Route> {
    const cached = cache.get(channel);
    if (cached && now.getTime() - cached.readAt < config.cacheMs && now.getTime() >= cached.readAt) return cached.route;
    const row = await readRoute(db, channel);
    const fresh = row ? toRoute(row) : NO_ROUTE;
    cache.set(channel, { route: fresh, readAt: now.getTime() });
    return fresh;
  }

  /** The primary's probe slot for this interval, whichever instance takes it; either way it is taken now. */
  async function takeProbeSlot(db: Db, channel: Channel, current: Route, now: Date): Promise<boolean> {
    const taken = await takeProbe(db, { channel, at: now, intervalMs: config.probeIntervalMs });
    cache.set(channel, { route: { ...current, probeAt: now }, readAt: now.getTime() });
    return taken;
  }

  async function assess(db: Db, channel: Channel, now: Date): Promise<void> {
    const group = groupOf(channel) ?? [];
    const stored = new Map((await readHealth(db, group)).map((row) => [row.provider, row]));
    const health = new Map<Provider, Health>();
    for (const provider of group) {
      const usual = stored.get(provider)?.usualFeedbackMs ?? null;
      const slowAfter = usual === null ? null : Math.max(config.minSlowMs, config.slowFactor * usual);
      const since = new Date(now.getTime() - config.feedbackWindowMs);
      const [signals, feedback, judged] = await Promise.all([
        recentSignals(db, { provider, since: new Date(now.getTime() - config.windowMs), limit: 200 }),
        recentFeedback(db, { provider, since, limit: 200 }),
        // The newest messages old enough to be judged, and the ones since (reported or not).
        slowAfter === null ? [] : recentFeedback(db, { provider, since, before: new Date(now.getTime() - slowAfter), limit: 200 }),
      ]);
      const assessed = assessHealth({
        provider,
        signals,
        feedback,
        judged:
          slowAfter === null
            ? undefined
            : [...judged, ...feedback.filter((sample) => sample.handedOverAt.getTime() >= now.getTime() - slowAfter)],
        usualFeedbackMs: usual,
        now,
        config,
      });
      health.set(provider, assessed);
      await writeHealth(db, {
        provider,
        channel,
        state: assessed.state,
        reason: assessed.reason,
        samples: assessed.samples,
        errorRate: assessed.errorRate,
        usualFeedbackMs: assessed.usualFeedbackMs,
        assessedAt: now,
      });
    }
    cache.delete(channel);
    const current = await route(db, channel, now);
    const change = decideRoute({ group, route: current, health, now, config });
    if (!change) return;
    const away = current.activeProvider ?? group[0]!;
    await switchRoute(db, { channel, from: current.activeProvider, to: change.activeProvider, away, reason: change.reason, at: now });
    cache.delete(channel);
  }

  return {
    async providerFor(db, channel, now) {
      const group = groupOf(channel);
      if (!group) return null;
      const current = await route(db, channel, now);
      const target = routeTarget({ group, route: current, now, config });
      if (!("probe" in target)) return { provider: target.provider, probe: false };
      // One hand-over per interval tests the primary, whichever instance takes the slot.
      if (await takeProbeSlot(db, channel, current, now)) return { provider: target.provider, probe: true };
      return { provider: current.activeProvider ?? target.provider, probe: false };
    },
    async moveTarget(db, attempt, now) {
      const group = groupOf(attempt.channel);
      if (!group) return null;
      if (mayBeAtItsProvider(attempt)) return null;
      // A probe of the primary tries it first; failed, it moves like any other.
      if (attempt.meta[ROUTE_PROBE] === true && attempt.retryCount === 0) return null;
      const current = await route(db, attempt.channel, now);
      const target = moveTarget({ group, route: current, provider: attempt.provider });
      if (!target || current.mode !== "auto") return target;
      // Attempts made before the switch test the primary too, one per probe interval: a
      // bulk send made all of its attempts at once, and would otherwise never probe.
      const probe = routeTarget({ group, route: current, now, config });
      return "probe" in probe && (await takeProbeSlot(db, attempt.channel, current, now)) ? null : target;
    },
    async routedAway(db, attempt, now) {
      const group = groupOf(attempt.channel);
      if (!group || mayBeAtItsProvider(attempt)) return false;
      cache.delete(attempt.channel);
      return moveTarget({ group, route: await route(db, attempt.channel, now), provider: attempt.provider }) !== null;
    },
    async alternativeFor(db, attempt, now) {
      const group = groupOf(attempt.channel);
      if (!group || !group.includes(attempt.provider) || mayBeAtItsProvider(attempt)) return null;
      if ((await route(db, attempt.channel, now)).mode !== "auto") return null;
      const down = new Set((await readHealth(db, group)).filter((row) => row.state === "down").map((row) => row.provider));
      return group.find((provider) => provider !== attempt.provider && !down.has(provider)) ?? null;
    },
    async record(db, signal) {
      if (!groupOf(signal.channel)) return;
      await recordProviderSignal(db, {
        provider: signal.provider,
        at: signal.at,
        ok: signal.ok,
        attemptId: signal.attemptId,
        errorCode: signal.errorCode,
      });
      // Assessed at most once a second per process and channel (and at once after a failure).
      const last = lastAssessed.get(signal.channel) ?? 0;
      if (signal.ok && signal.at.getTime() - last < 1_000 && signal.at.getTime() >= last) return;
      lastAssessed.set(signal.channel, signal.at.getTime());
      await assess(db, signal.channel, signal.at);
    },
    assess,
  };
}

/** A try may have reached its provider: only that provider, with the same key, may take it. */
function mayBeAtItsProvider(attempt: MovableAttempt): boolean {
  return attempt.meta[UNCERTAIN_TRY] === true;
}

function toRoute(row: RouteRow): Route {
  return {
    mode: row.mode,
    pinnedProvider: row.pinnedProvider,
    activeProvider: row.activeProvider,
    switchedAt: row.switchedAt,
    probeAt: row.probeAt,
  };
}
