import type { Db } from "@/db/client";
import { type HealthRow, readHealth, readRoutes, type RouteRow } from "@/db/queries/provider-routes";
import type { FailoverSetup } from "@/lib/providers/registry";
import { CHANNELS, type Channel, type Provider } from "@/lib/status";
import { carrierOf } from "./policy";

// What staff see of failover (tracking health, the Providers admin page): per channel, its
// providers, where its hand-overs go now and why, how an admin set it, each provider's last
// assessed health — or why the channel has no failover in this installation.

export type ChannelFailover = {
  channel: Exclude<Channel, "manual">;
  /** Primary first; empty when the channel has no failover. */
  providers: readonly Provider[];
  offReason: string | null;
  route: RouteRow | null;
  /** Where new hand-overs go now. */
  current: Provider | null;
  health: HealthRow[];
};

export async function getFailoverOverview(db: Db, setup: FailoverSetup): Promise<ChannelFailover[]> {
  const providers = Object.values(setup.groups).flatMap((group) => [...(group ?? [])]);
  const [routes, health] = await Promise.all([readRoutes(db), readHealth(db, providers)]);
  return CHANNELS.filter((channel): channel is Exclude<Channel, "manual"> => channel !== "manual").map((channel) => {
    const group = setup.groups[channel] ?? [];
    const route = routes.find((row) => row.channel === channel) ?? null;
    return {
      channel,
      providers: group,
      offReason: group.length >= 2 ? null : (setup.off[channel] ?? null),
      route,
      current: group.length === 0 ? null : route ? carrierOf(group, route) : group[0]!,
      health: group.flatMap((provider) => health.filter((row) => row.provider === provider)),
    };
  });
}
