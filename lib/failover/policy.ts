import { PROVIDER_NAMES } from "@/lib/attempts";
import type { Provider, RouteMode } from "@/lib/status";

// The failover policy, with no database and no channel in it: from a provider's recent
// hand-over answers and report delays, its health; from the healths of a channel's
// providers (primary first), where new hand-overs go. lib/failover/routing.ts feeds it from
// Postgres and applies what it decides. Any channel with two adapters gets it as it is.

export type FailoverConfig = {
  /** Hand-over answers older than this do not count. */
  windowMs: number;
  /** Fewer answers than this say nothing (a single 503 is not an outage). */
  minSamples: number;
  /** Down: at least this share of the window's hand-overs failed… */
  downErrorRate: number;
  /** …or this many in a row, however many it took before (a busy provider's window is full of successes). */
  downAfterFailuresInARow: number;
  /** Degraded: the first status report takes this many times the usual delay… */
  slowFactor: number;
  /** …and at least this long. */
  minSlowMs: number;
  /** Messages handed over within this window are judged on how quickly they were reported. */
  feedbackWindowMs: number;
  /** Failed over at least this long before traffic goes back (no flapping). */
  hysteresisMs: number;
  /** The primary is back after this many hand-overs in a row were taken. */
  recoverySamples: number;
  /** While failed over, the primary gets one hand-over this often, to see whether it recovered. */
  probeIntervalMs: number;
  /** How long a process trusts the route it read (instances share it through Postgres). */
  cacheMs: number;
};

export const DEFAULT_FAILOVER_CONFIG: FailoverConfig = {
  windowMs: 2 * 60_000,
  minSamples: 3,
  downErrorRate: 0.5,
  downAfterFailuresInARow: 5,
  slowFactor: 10,
  minSlowMs: 60_000,
  feedbackWindowMs: 10 * 60_000,
  hysteresisMs: 2 * 60_000,
  recoverySamples: 3,
  probeIntervalMs: 30_000,
  cacheMs: 1_000,
};

export type HealthState = "healthy" | "degraded" | "down";

/** One hand-over answer, newest first; the attempt it was about (failures always have one). */
export type Signal = { at: Date; ok: boolean; errorCode: string | null; attemptId?: string | null };
/** A message the provider took, and when it first reported on it (null: not yet). */
export type FeedbackSample = { handedOverAt: Date; firstFeedbackAt: Date | null };

export type Health = {
  state: HealthState;
  reason: string | null;
  samples: number;
  errorRate: number;
  /** Answers in a row the provider took, newest first. */
  acceptedInARow: number;
  usualFeedbackMs: number | null;
};

export function assessHealth(input: {
  provider: Provider;
  signals: readonly Signal[];
  /** The newest messages taken, for learning the usual delay. */
  feedback: readonly FeedbackSample[];
  /** Messages taken long enough ago to be judged (default: `feedback`): at volume, the newest are all too recent. */
  judged?: readonly FeedbackSample[];
  usualFeedbackMs: number | null;
  now: Date;
  config: FailoverConfig;
}): Health {
  const { config, now } = input;
  const signals = input.signals.filter((signal) => now.getTime() - signal.at.getTime() <= config.windowMs);
  const failures = signals.filter((signal) => !signal.ok);
  const errorRate = signals.length ? failures.length / signals.length : 0;
  const firstFailure = signals.findIndex((signal) => !signal.ok);
  const acceptedInARow = firstFailure === -1 ? signals.length : firstFailure;
  const base = { samples: signals.length, errorRate, acceptedInARow };

  const recovered = acceptedInARow >= config.recoverySamples;
  const firstSuccess = signals.findIndex((signal) => signal.ok);
  const failedInARow = firstSuccess === -1 ? signals.length : firstSuccess;
  const last = failures[0]?.errorCode ? ` (last: ${failures[0].errorCode})` : "";
  // Failures of several messages: one message refused again and again is not an outage.
  const failedMessages = distinctMessages(failures);
  const failedInARowMessages = distinctMessages(signals.slice(0, failedInARow));
  if (signals.length >= config.minSamples && errorRate >= config.downErrorRate && failedMessages >= config.minSamples && !recovered) {
    const reason = `${failures.length} of ${signals.length} hand-overs failed in the last ${minutes(config.windowMs)}${last}`;
    return { ...base, state: "down", reason, usualFeedbackMs: input.usualFeedbackMs };
  }
  if (failedInARow >= config.downAfterFailuresInARow && failedInARowMessages >= config.minSamples) {
    return { ...base, state: "down", reason: `the last ${failedInARow} hand-overs failed${last}`, usualFeedbackMs: input.usualFeedbackMs };
  }

  const slow = slowReports(input);
  if (slow) return { ...base, state: "degraded", reason: slow, usualFeedbackMs: input.usualFeedbackMs };
  return { ...base, state: "healthy", reason: null, usualFeedbackMs: learnUsualDelay(input) };
}

function distinctMessages(signals: readonly Signal[]): number {
  return new Set(signals.map((signal, index) => signal.attemptId ?? `signal-${index}`)).size;
}

function slowAfterMs(usualFeedbackMs: number, config: FailoverConfig) {
  return Math.max(config.minSlowMs, config.slowFactor * usualFeedbackMs);
}

/** Degraded: most messages it took recently were reported far later than it usually reports. */
function slowReports(input: Parameters<typeof assessHealth>[0]): string | null {
  const { usualFeedbackMs, config, now } = input;
  if (usualFeedbackMs === null) return null;
  const threshold = slowAfterMs(usualFeedbackMs, config);
  const judged = (input.judged ?? input.feedback)
    .map((sample) => ({ sample, delay: (sample.firstFeedbackAt ?? now).getTime() - sample.handedOverAt.getTime() }))
    .filter(({ sample, delay }) => sample.firstFeedbackAt !== null || delay > threshold);
  const late = judged.filter(({ delay }) => delay > threshold);
  if (judged.length < config.minSamples || late.length / judged.length < 0.5) return null;
  return `${late.length} of ${judged.length} recent messages reported after more than ${seconds(threshold)} (usually ${seconds(usualFeedbackMs)})`;
}

/** The usual delay follows the reports that came in time (a slow spell does not become usual). */
function learnUsualDelay(input: Parameters<typeof assessHealth>[0]): number | null {
  const { usualFeedbackMs, config } = input;
  const threshold = usualFeedbackMs === null ? Number.POSITIVE_INFINITY : slowAfterMs(usualFeedbackMs, config);
  const delays = input.feedback
    .filter((sample) => sample.firstFeedbackAt !== null)
    .map((sample) => sample.firstFeedbackAt!.getTime() - sample.handedOverAt.getTime())
    .filter((delay) => delay >= 0 && delay <= threshold)
    .sort((a, b) => a - b);
  if (delays.length < config.minSamples) return usualFeedbackMs;
  const median = delays[Math.floor(delays.length / 2)]!;
  return usualFeedbackMs === null ? median : Math.round(0.8 * usualFeedbackMs + 0.2 * median);
}

export type Route = {
  mode: RouteMode;
  pinnedProvider: Provider | null;
  /** null: the primary. */
  activeProvider: Provider | null;
  switchedAt: Date | null;
  probeAt: Date | null;
};

export type RouteChange = { activeProvider: Provider | null; reason: string };

/** Where new hand-overs of a channel go now; a change when the route should move. */
export function decideRoute(input: {
  group: readonly Provider[];
  route: Route;
  health: ReadonlyMap<Provider, Health>;
  now: Date;
  config: FailoverConfig;
}): RouteChange | null {
  const { group, route, health, now, config } = input;
  const primary = group[0];
  if (route.mode !== "auto" || !primary || group.length < 2) return null;
  const stateOf = (provider: Provider) => health.get(provider)?.state ?? "healthy";
  const active = route.activeProvider ?? primary;

  if (active === primary) {
    if (stateOf(primary) === "healthy") return null;
    const target = group.find((provider) => provider !== primary && stateOf(provider) === "healthy");
    if (!target) return null;
    const why = health.get(primary)?.reason ?? stateOf(primary);
    return {
      activeProvider: target,
      reason: `${PROVIDER_NAMES[primary]} ${stateOf(primary)}: ${why} — new hand-overs go to ${PROVIDER_NAMES[target]}`,
    };
  }

  const primaryHealth = health.get(primary);
  const longEnough = !route.switchedAt || now.getTime() - route.switchedAt.getTime() >= config.hysteresisMs;
  if (primaryHealth?.state === "healthy" && primaryHealth.acceptedInARow >= config.recoverySamples && longEnough) {
    return {
      activeProvider: null,
      reason: `${PROVIDER_NAMES[primary]} recovered: ${primaryHealth.acceptedInARow} hand-overs in a row taken — back from ${PROVIDER_NAMES[active]}`,
    };
  }
  if (stateOf(active) !== "healthy") {
    const target = group.find((provider) => provider !== active && provider !== primary && stateOf(provider) === "healthy");
    if (target)
      return { activeProvider: target, reason: `${PROVIDER_NAMES[active]} ${stateOf(active)} too — moved on to ${PROVIDER_NAMES[target]}` };
  }
  return null;
}

/** The provider an attempt created now goes to; `probe` when the primary is due a test hand-over. */
export function routeTarget(input: { group: readonly Provider[]; route: Route; now: Date; config: FailoverConfig }) {
  const { group, route, now, config } = input;
  const primary = group[0]!;
  const carrier = carrierOf(group, route);
  if (route.mode !== "auto" || carrier === primary) return { provider: carrier };
  const probeDue = !route.probeAt || now.getTime() - route.probeAt.getTime() >= config.probeIntervalMs;
  return probeDue ? { provider: primary, probe: true as const } : { provider: carrier };
}

/** The provider carrying the channel now: the pinned one, the one failed over to, or the primary. */
export function carrierOf(group: readonly Provider[], route: Route): Provider {
  if (route.mode === "pinned" && route.pinnedProvider && group.includes(route.pinnedProvider)) return route.pinnedProvider;
  return (route.mode === "auto" && route.activeProvider) || group[0]!;
}

/** Where a queued attempt of `provider` should move before its next try; null: it stays. */
export function moveTarget(input: { group: readonly Provider[]; route: Route; provider: Provider }): Provider | null {
  const { group, route, provider } = input;
  if (!group.includes(provider)) return null;
  if (route.mode === "pinned") return route.pinnedProvider && route.pinnedProvider !== provider ? route.pinnedProvider : null;
  if (route.mode !== "auto" || !route.activeProvider) return null;
  // Only away from the provider that failed: attempts on the secondary stay when the primary returns.
  return provider === group[0] && route.activeProvider !== provider ? route.activeProvider : null;
}

function minutes(ms: number) {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}

function seconds(ms: number) {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
