import type { PostalAddress } from "@/db/schema";
import type { Channel, Provider } from "@/db/schema/enums";
import { formatPostal } from "./customers";
import { sendgridMessageId, twilioSid } from "./identifiers";
import { type Rng, seededUuid, STREAM } from "./random";
import type { CustomerProfile } from "./types";

// Which provider carries a channel for a customer, the address an attempt goes to, and
// the message id each provider hands back, in that provider's format.

export function providerFor(channel: Channel, customer: CustomerProfile): Provider {
  if (channel === "email") return customer.emailProvider;
  if (channel === "sms") return "twilio";
  if (channel === "post") return "pingen";
  if (channel === "einvoice") return customer.contacts.einvoice?.address.includes(":") ? "peppol" : "chorus_pro";
  return "manual";
}

export function providerMessageIdFor(seed: number, provider: Provider, index: number): string {
  const uuid = seededUuid(seed, STREAM.providerId, index);
  if (provider === "twilio") return twilioSid("SM", uuid);
  if (provider === "sendgrid") return sendgridMessageId(uuid);
  // Chorus Pro numbers invoices (identifiantFactureCPP) sequentially.
  if (provider === "chorus_pro") return String(4_000_000 + index);
  return uuid;
}

export function recipientFor(channel: Channel, customer: CustomerProfile, wrong: boolean, rng: Rng): { recipient: string; postal?: PostalAddress } {
  const contact = channel === "manual" ? undefined : customer.contacts[channel];
  if (channel === "post" && contact?.postal) {
    const postal = wrong ? { ...contact.postal, line1: contact.postal.line1.replace(/^\d+/, (n) => String(Number(n) + rng.int(1, 40))) } : contact.postal;
    return { recipient: formatPostal(postal), postal };
  }
  if (channel === "manual") {
    const post = customer.contacts.post;
    if (post?.postal) return { recipient: post.address, postal: post.postal };
    return { recipient: customer.contacts.email?.address ?? customer.name };
  }
  if (!contact) return { recipient: customer.name };
  if (!wrong) return { recipient: contact.address };
  if (channel === "email") {
    const at = contact.address.indexOf("@");
    const cut = at + 2 + rng.int(0, Math.max(0, contact.address.indexOf(".", at) - at - 3));
    return { recipient: contact.address.slice(0, cut) + contact.address.slice(cut + 1) };
  }
  return { recipient: contact.address.slice(0, -2) + rng.digits(2) };
}
