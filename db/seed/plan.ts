import { type ChannelPlan, EINVOICE_CATEGORIES, type PlanChannelsInput, planChannels } from "@/lib/routing/plan-channels";
import { type Category, type Channel } from "@/db/schema/enums";
import type { CustomerProfile } from "./types";

// The seed plans channels with the engine's own planner (lib/routing/plan-channels.ts), fed
// the same preferences, opt-outs and contact points the seed writes for the customer, so a
// seeded attempt goes where a real send would: no e-invoice for a reminder, no SMS to a
// landline, no letter to an incomplete address.

const plans = new WeakMap<CustomerProfile, Map<string, ChannelPlan>>();

/**
 * The plan of one communication. Validation (phone numbers above all) costs ~30 µs a plan,
 * too much for a million rows, so plans are cached per customer — shared by the categories
 * the planner cannot tell apart: no preference row or opt-out of their own, and the same
 * e-invoicing eligibility.
 */
export function planFor(customer: CustomerProfile, category: Category, override?: Channel): ChannelPlan {
  let byKey = plans.get(customer);
  if (!byKey) plans.set(customer, (byKey = new Map()));
  const own = customer.preferences.byCategory[category] || customer.optOuts.some((o) => o.category === category);
  const key = `${own ? category : EINVOICE_CATEGORIES.includes(category)}:${override ?? ""}`;
  let plan = byKey.get(key);
  if (!plan) byKey.set(key, (plan = planChannels({ ...planningInput(customer), category, channelOverride: override })));
  return plan;
}

function planningInput(customer: CustomerProfile): Omit<PlanChannelsInput, "category"> {
  const primary = Object.entries(customer.contacts).map(([channel, contact]) => {
    const invalid = customer.invalidated[channel as Channel];
    return {
      channel: channel as Channel,
      address: contact.address,
      postal: contact.postal ?? null,
      isPrimary: true,
      invalidAt: invalid?.at ?? null,
      invalidReason: invalid?.reason ?? null,
    };
  });
  const secondary = customer.secondary.map((extra) => ({ channel: extra.channel, address: extra.address, isPrimary: false }));
  return {
    preferences: [
      { category: null, channels: customer.preferences.channels },
      ...Object.entries(customer.preferences.byCategory).map(([category, channels]) => ({ category: category as Category, channels })),
    ],
    optOuts: customer.optOuts,
    contactPoints: [...primary, ...secondary],
    customer: { isPublicSector: customer.isPublicSector, country: customer.country },
  };
}
