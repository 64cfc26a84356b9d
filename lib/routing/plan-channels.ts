import type { PostalAddress } from "@/db/schema/customers";
import { type Category, type Channel, CHANNEL_NAMES } from "@/lib/status";
import {
  type EinvoiceNetwork,
  validateEinvoiceRegistration,
  validateEmail,
  validateMobileNumber,
  validatePostalAddress,
} from "./contact-validation";
import { describeSuppression, findSuppression, type PlanSuppression, type SuppressionKind } from "./suppressions";

// The channel plan: preferred order − opted-out channels − channels whose contact details
// are missing, invalid or suppressed (a provider told us the recipient unsubscribed,
// complained or is on its bounce list: lib/routing/suppressions.ts). Pure: the caller loads the customer's rows and
// the sending engine walks the plan, falling back on permanent_recipient failures.
//
// Decisions the design leaves open:
// - Without a preference row the order is e-mail → SMS → post; a public-sector customer
//   with an e-invoicing registration gets e-invoice first (French public buyers must be
//   invoiced through Chorus Pro).
// - E-invoicing carries invoices and credit notes only; a reminder cannot travel as one.
// - `manual` is never planned: it is what an empty plan turns into (manual_required).
//   A preference listing it is honoured by leaving it out, and if nothing else remains the
//   reason says the customer asked for manual handling.
// - A channel override (staff choosing "send by SMS") replaces the order with that one
//   channel, no fallback elsewhere — but it never bypasses an opt-out or bad contact details.

export type PlanContactPoint = {
  id?: string;
  channel: Channel;
  address: string;
  postal?: PostalAddress | null;
  isPrimary?: boolean;
  invalidAt?: Date | null;
  invalidReason?: string | null;
};

export type PlanPreference = { category: Category | null; channels: readonly Channel[] };
export type PlanOptOut = { channel: Channel; category: Category | null };

export type PlanChannelsInput = {
  category: Category;
  channelOverride?: Channel;
  preferences: readonly PlanPreference[];
  optOuts: readonly PlanOptOut[];
  contactPoints: readonly PlanContactPoint[];
  /** Active suppressions of the customer's addresses (db/queries/suppressions.ts). */
  suppressions?: readonly PlanSuppression[];
  customer?: { isPublicSector?: boolean; country?: string };
};

export type PlannedChannel = {
  channel: Exclude<Channel, "manual">;
  /** The normalised address: e-mail, E.164 number, formatted postal address, Peppol id or SIRET. */
  contactPoint: string;
  contactPointId: string | null;
  postal?: PostalAddress;
  einvoiceNetwork?: EinvoiceNetwork;
};

export type SkipCause = "opted_out" | "suppressed" | "missing" | "invalid" | "not_applicable";
export type SkippedChannel = { channel: Channel; cause: SkipCause; reason: string; suppression?: SuppressionKind };

export type ManualReason =
  "missing contact details" | "all channels opted out" | "manual delivery preferred" | "no channel for this category";

export type ChannelPlan = {
  plan: PlannedChannel[];
  skipped: SkippedChannel[];
  /** Set exactly when the plan is empty: the attempt becomes manual_required. */
  manualReason?: ManualReason;
  /** The sentence staff read: "No usable contact details: e-mail address invalid (…), no phone number". */
  manualMessage?: string;
};

export const DEFAULT_CHANNEL_ORDER: readonly Channel[] = ["email", "sms", "post"];
export const EINVOICE_CATEGORIES: readonly Category[] = ["invoice", "credit_note"];

export function planChannels(input: PlanChannelsInput): ChannelPlan {
  const order = input.channelOverride ? [input.channelOverride] : preferredOrder(input);
  const plan: PlannedChannel[] = [];
  const skipped: SkippedChannel[] = [];
  for (const channel of order) {
    const outcome = planOne(channel, input);
    if ("cause" in outcome) skipped.push(outcome);
    else plan.push(outcome);
  }
  if (plan.length > 0) return { plan, skipped };
  return { plan, skipped, ...explainEmptyPlan(skipped) };
}

/** The category's own preference row wins over the default (null-category) row. */
export function preferredOrder(input: Pick<PlanChannelsInput, "category" | "preferences" | "contactPoints" | "customer">): Channel[] {
  const row =
    input.preferences.find((preference) => preference.category === input.category) ??
    input.preferences.find((preference) => preference.category === null);
  if (row) return [...new Set(row.channels)];
  const hasEinvoiceRegistration = input.contactPoints.some((point) => point.channel === "einvoice" && !point.invalidAt);
  return input.customer?.isPublicSector && hasEinvoiceRegistration ? ["einvoice", ...DEFAULT_CHANNEL_ORDER] : [...DEFAULT_CHANNEL_ORDER];
}

function planOne(channel: Channel, input: PlanChannelsInput): PlannedChannel | SkippedChannel {
  const name = CHANNEL_NAMES[channel];
  const optOut = input.optOuts.find((o) => o.channel === channel && (o.category === null || o.category === input.category));
  if (optOut) {
    const scope = optOut.category === null ? "all messages" : `${input.category.replace("_", " ")} messages`;
    return { channel, cause: "opted_out", reason: `${name} opted out (${scope})` };
  }
  if (channel === "manual") return { channel, cause: "not_applicable", reason: "manual handling preferred" };
  if (channel === "einvoice" && !EINVOICE_CATEGORIES.includes(input.category)) {
    return { channel, cause: "not_applicable", reason: "e-invoicing carries only invoices and credit notes" };
  }
  const candidates = input.contactPoints
    .filter((point) => point.channel === channel)
    .sort((a, b) => Number(b.isPrimary ?? true) - Number(a.isPrimary ?? true));
  if (candidates.length === 0) return { channel, cause: "missing", reason: MISSING[channel] };

  const problems: string[] = [];
  let suppressed: SuppressionKind | undefined;
  for (const point of candidates) {
    if (point.invalidAt) {
      problems.push(`${describeAddress(channel, point)} marked invalid${point.invalidReason ? ` (${point.invalidReason})` : ""}`);
      continue;
    }
    const planned = validate(channel, point, input.customer?.country);
    if ("problem" in planned) {
      problems.push(planned.problem);
      continue;
    }
    const suppression = findSuppression(input.suppressions ?? [], { channel, address: planned.contactPoint, category: input.category });
    if (!suppression) return planned;
    suppressed ??= suppression.kind;
    problems.push(`${name} ${describeSuppression(suppression)}`);
  }
  // Suppressed wins over invalid: the customer's own refusal is what staff must see.
  if (suppressed) return { channel, cause: "suppressed", reason: problems.join("; "), suppression: suppressed };
  return { channel, cause: "invalid", reason: problems.join("; ") };
}

function validate(
  channel: Exclude<Channel, "manual">,
  point: PlanContactPoint,
  country: string | undefined,
): PlannedChannel | { problem: string } {
  const base = { channel, contactPointId: point.id ?? null };
  switch (channel) {
    case "email": {
      const result = validateEmail(point.address);
      return result.ok ? { ...base, contactPoint: result.address } : result;
    }
    case "sms": {
      const result = validateMobileNumber(point.address, country);
      return result.ok ? { ...base, contactPoint: result.address } : result;
    }
    case "post": {
      const result = validatePostalAddress(point.postal);
      return result.ok ? { ...base, contactPoint: result.address, postal: result.postal } : result;
    }
    case "einvoice": {
      const result = validateEinvoiceRegistration(point.address);
      return result.ok ? { ...base, contactPoint: result.address, einvoiceNetwork: result.network } : result;
    }
  }
}

const MISSING: Record<Channel, string> = {
  email: "no e-mail address",
  sms: "no mobile number",
  post: "no postal address",
  einvoice: "no e-invoicing registration (Peppol id or SIRET)",
  manual: "manual handling preferred",
};

function explainEmptyPlan(skipped: readonly SkippedChannel[]): Pick<ChannelPlan, "manualReason" | "manualMessage"> {
  if (skipped.length === 0) {
    return { manualReason: "missing contact details", manualMessage: "No channel to try: the customer's preference lists none" };
  }
  const contactProblems = skipped.filter((skip) => skip.cause === "missing" || skip.cause === "invalid");
  if (contactProblems.length > 0) {
    const optedOut = skipped.filter((skip) => skip.cause === "opted_out");
    const suppressed = skipped
      .filter((skip) => skip.cause === "suppressed")
      .map((skip) => `; ${skip.reason}`)
      .join("");
    const also = `${optedOut.length > 0 ? `; opted out of ${optedOut.map((skip) => CHANNEL_NAMES[skip.channel]).join(", ")}` : ""}${suppressed}`;
    return {
      manualReason: "missing contact details",
      manualMessage: `No usable contact details: ${contactProblems.map((skip) => skip.reason).join(", ")}${also} — record a valid contact, then resend`,
    };
  }
  if (skipped.every((skip) => skip.cause === "opted_out" || skip.cause === "suppressed")) {
    return {
      manualReason: "all channels opted out",
      manualMessage: `All channels opted out: ${skipped.map((skip) => skip.reason).join(", ")} — deliver it by hand or ask the customer to opt back in`,
    };
  }
  if (skipped.some((skip) => skip.channel === "manual" && skip.cause === "not_applicable")) {
    return {
      manualReason: "manual delivery preferred",
      manualMessage: "The customer asked for manual handling — deliver it by hand and record it as done",
    };
  }
  return {
    manualReason: "no channel for this category",
    manualMessage: `No channel can carry this message: ${skipped.map((skip) => skip.reason).join(", ")} — deliver it by hand`,
  };
}

function describeAddress(channel: Channel, point: PlanContactPoint): string {
  return `${CHANNEL_NAMES[channel]} ${channel === "post" ? "address" : point.address}`;
}
