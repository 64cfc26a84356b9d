import type { CommunicationForSending } from "@/db/queries/sending";
import { type ChannelPlan, planChannels } from "@/lib/routing/plan-channels";

/** The channel plan of a communication as its customer's rows stand now. */
export function planCommunication(sending: CommunicationForSending): ChannelPlan {
  const { communication, customer } = sending;
  return planChannels({
    category: communication.category,
    channelOverride: communication.channelOverride ?? undefined,
    preferences: sending.preferences,
    optOuts: sending.optOuts,
    contactPoints: sending.contactPoints,
    customer: { isPublicSector: customer.isPublicSector, country: customer.country },
  });
}
