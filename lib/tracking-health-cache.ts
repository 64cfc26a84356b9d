import type { Db } from "@/db/client";
import type { Provider } from "@/lib/status";
import { getTrackingHealth } from "@/lib/tracking-health";

// Tracking health aggregates attempts and provider events (half a second at a million
// attempts) and changes on the scale of minutes — stuck means hours late. The page
// therefore never computes it while it renders: it is given the last figures at once, and
// figures older than TTL_MS are recomputed behind that answer (stale-while-revalidate),
// at most one computation at a time per database. Only the very first request of a
// server process waits, under its own Suspense boundary, never the rows.
// GET /api/tracking-health stays live (lib/tracking-health.ts directly).

export const TRACKING_HEALTH_TTL_MS = 30_000;

type Health = Awaited<ReturnType<typeof getTrackingHealth>>;
type Params = { unresolvedLimit: number; configuredProviders: readonly Provider[] };
type Entry = { key: string; computedAt: number; value: Promise<Health>; refreshing: boolean };

const entries = new WeakMap<Db, Entry>();

export function getCachedTrackingHealth(db: Db, params: Params & { ttlMs?: number; now?: () => Date }): Promise<Health> {
  const now = params.now ?? (() => new Date());
  const key = JSON.stringify([params.unresolvedLimit, [...params.configuredProviders].sort()]);
  const compute = () =>
    getTrackingHealth(db, { now: now(), unresolvedLimit: params.unresolvedLimit, configuredProviders: params.configuredProviders });
  const entry = entries.get(db);
  if (!entry || entry.key !== key) {
    const value = compute();
    const fresh: Entry = { key, computedAt: now().getTime(), value, refreshing: false };
    entries.set(db, fresh);
    // A failed first computation is not kept: the next request tries again.
    value.catch(() => entries.get(db) === fresh && entries.delete(db));
    return value;
  }
  if (!entry.refreshing && now().getTime() - entry.computedAt >= (params.ttlMs ?? TRACKING_HEALTH_TTL_MS)) {
    entry.refreshing = true;
    const startedAt = now().getTime();
    compute().then(
      (health) =>
        entries.get(db) === entry && entries.set(db, { key, computedAt: startedAt, value: Promise.resolve(health), refreshing: false }),
      // Keep showing the last figures (their time is on the page); the next request tries again.
      (error: unknown) => {
        entry.refreshing = false;
        console.error("Tracking health could not be recomputed; the page shows the last figures.", error);
      },
    );
  }
  return entry.value;
}
