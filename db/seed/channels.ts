import type { PostalAddress } from "@/db/schema";
import type { PlannedChannel } from "@/lib/routing/plan-channels";
import { sendgridMessageId, twilioSid } from "./identifiers";
import { type Rng, seededUuid, STREAM } from "./random";
import { type Provider } from "@/db/schema/enums";
import type { CustomerProfile } from "./types";

// Which provider carries a planned channel for a customer (null: no channel, manual), the
// address an attempt goes to, and the message id each provider hands back, in that
// provider's format.

export function providerFor(planned: PlannedChannel | null, customer: CustomerProfile): Provider {
  if (!planned) return "manual";
  if (planned.channel === "email") return customer.emailProvider;
  if (planned.channel === "sms") return "twilio";
  if (planned.channel === "post") return "pingen";
  return planned.einvoiceNetwork ?? "peppol";
}

export function providerMessageIdFor(seed: number, provider: Provider, index: number): string {
  const uuid = seededUuid(seed, STREAM.providerId, index);
  if (provider === "twilio") return twilioSid("SM", uuid);
  if (provider === "sendgrid") return sendgridMessageId(uuid);
  // Chorus Pro numbers invoices (identifiantFactureCPP) sequentially.
  if (provider === "chorus_pro") return String(4_000_000 + index);
  return uuid;
}

/**
 * The planned address as the send path snapshots it (lib/sending/create-attempt.ts) — a manual
 * attempt names the customer — or, `wrong`, a typo or an old address that will bounce.
 */
export function recipientFor(
  planned: PlannedChannel | null,
  customer: CustomerProfile,
  wrong: boolean,
  rng: Rng,
): { recipient: string; postal?: PostalAddress } {
  if (!planned) return { recipient: customer.name };
  if (planned.channel === "post" && planned.postal) {
    if (!wrong) return { recipient: planned.contactPoint, postal: planned.postal };
    const postal = { ...planned.postal, line1: planned.postal.line1.replace(/^\d+/, (n) => String(Number(n) + rng.int(1, 40))) };
    return { recipient: planned.contactPoint.replace(planned.postal.line1, postal.line1), postal };
  }
  const address = planned.contactPoint;
  if (!wrong) return { recipient: address };
  if (planned.channel === "email") {
    const at = address.indexOf("@");
    const cut = at + 2 + rng.int(0, Math.max(0, address.indexOf(".", at) - at - 3));
    return { recipient: address.slice(0, cut) + address.slice(cut + 1) };
  }
  return { recipient: address.slice(0, -2) + rng.digits(2) };
}
