import type { CommunicationForSending } from "@/db/queries/sending-reads";
import { type ChannelPlan, planChannels } from "@/lib/routing/plan-channels";
import type { PlanSuppression } from "@/lib/routing/suppressions";
import type { Channel } from "@/lib/status";

/**
 * The rows a plan reads: the communication, its customer and the customer's contacts,
 * preferences, opt-outs — and the suppressions of those contacts (lib/sending/sending-rows.ts).
 */
export type PlanningRows = Pick<CommunicationForSending, "communication" | "customer" | "contactPoints" | "preferences" | "optOuts"> & {
  suppressions: readonly PlanSuppression[];
};

/** The channel plan of a communication as its customer's rows stand now; `channel` plans that one channel only. */
export function planCommunication(rows: PlanningRows, options: { channel?: Channel } = {}): ChannelPlan {
  const { communication, customer } = rows;
  return planChannels({
    category: communication.category,
    channelOverride: options.channel ?? communication.channelOverride ?? undefined,
    preferences: rows.preferences,
    optOuts: rows.optOuts,
    contactPoints: rows.contactPoints,
    suppressions: rows.suppressions,
    customer: { isPublicSector: customer.isPublicSector, country: customer.country },
  });
}

/**
 * Where a resend of `attempt` would go now: its own channel, to the current contact
 * details — or, for a manual attempt (nothing was sent to repeat), a fresh plan.
 */
export function planResend(rows: PlanningRows, attempt: { channel: Channel }): ChannelPlan {
  return attempt.channel === "manual" ? planCommunication(rows) : planCommunication(rows, { channel: attempt.channel });
}
