import type { suppressionKindEnum } from "@/db/schema/enums";
import { PROVIDER_NAMES } from "@/lib/attempts";
import type { Category, Provider } from "@/lib/status";
import { formatDate } from "@/lib/format";
import type { Channel } from "@/lib/status";
import { validateEmail, validateMobileNumber } from "./contact-validation";

// Suppressions as the channel plan and the hand-over gate read them: which contact point
// a suppression covers, and the sentence staff read when a send is refused because of one.

export type SuppressionKind = (typeof suppressionKindEnum.enumValues)[number];

export type PlanSuppression = {
  channel: Channel;
  address: string;
  category: Category | null;
  kind: SuppressionKind;
  provider: Provider;
  createdAt: Date;
};

/**
 * The key a contact point is suppressed under: the address as the plan normalises it
 * (the attempt's recipient), lower-cased. Post and e-invoicing are never suppressed by a
 * provider — their failures mark the contact point invalid — so they have no key.
 */
export function suppressionAddress(channel: Channel, address: string, country?: string): string | null {
  if (channel === "email") {
    const email = validateEmail(address);
    return email.ok ? email.address.toLowerCase() : null;
  }
  if (channel === "sms") {
    const phone = validateMobileNumber(address, country);
    return phone.ok ? phone.address : null;
  }
  return null;
}

/** The active suppression covering this address for this category, if any. */
export function findSuppression<S extends PlanSuppression>(
  suppressions: readonly S[],
  contact: { channel: Channel; address: string; category: Category },
): S | undefined {
  const address = contact.address.toLowerCase();
  return suppressions.find(
    (s) => s.channel === contact.channel && s.address === address && (s.category === null || s.category === contact.category),
  );
}

const WHAT: Record<SuppressionKind, string> = {
  unsubscribed: "the recipient unsubscribed",
  complained: "the recipient reported our message as spam",
  bounced: "the address is on the provider's suppression list after earlier bounces",
};

/** "the recipient unsubscribed on 12 Nov 2026 via SendGrid — lift the suppression to send again". */
export function describeSuppression(suppression: Pick<PlanSuppression, "kind" | "provider" | "createdAt" | "address">): string {
  return `${suppression.address}: ${WHAT[suppression.kind]} on ${formatDate(suppression.createdAt)} via ${PROVIDER_NAMES[suppression.provider]} — lift the suppression to send again`;
}
