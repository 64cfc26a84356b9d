import type { PostalAddress } from "@/db/schema";
import type { Category, Channel } from "@/db/schema/enums";
import { generateBelgianEnterpriseNumber, generateGln, generatePhone, generateSiret } from "./identifiers";
import { DAY_MS } from "./outcomes";
import { Rng, seededUuid, STREAM } from "./random";
import {
  BE_LEGAL,
  BE_STREETS,
  BE_SURNAMES,
  FIRST_NAMES,
  FR_ACTIVITIES,
  FR_INVENTED,
  FR_LEGAL,
  FR_STREETS,
  FR_SURNAMES,
  FR_TRADES,
  MAILBOXES,
  NL_TRADES,
  OTHER_LEGAL,
  OTHER_STREETS,
  OTHER_SURNAMES,
  OTHER_TRADES,
  PLACES,
  PUBLIC_BODIES,
  type Place,
} from "./reference-data";
import type { Contact, CustomerProfile } from "./types";

// Random customers: names, places, contact details (some missing or invalid on purpose),
// channel preferences (some per category) and opt-outs (some per category).

export function generateCustomer(seed: number, index: number, now: Date): CustomerProfile {
  const rng = Rng.for(seed, STREAM.customer, index);
  const place = rng.weighted(PLACES.map((p) => [p, p.weight] as const));
  const locale = rng.chance(0.8) ? place.locales[0]! : rng.pick(place.locales);
  const isPublicSector = place.country === "FR" && rng.chance(0.07);
  const name = isPublicSector ? publicBodyName(rng, place) : companyName(rng, place, locale);
  const profile: CustomerProfile = {
    index,
    id: seededUuid(seed, STREAM.customerId, index),
    externalRef: `CUS-${String(index + 1).padStart(6, "0")}`,
    name,
    locale,
    country: place.country,
    locationGroup: place.locationGroup,
    isPublicSector,
    createdAt: new Date(now.getTime() - rng.int(130, 1500) * DAY_MS - rng.int(0, DAY_MS)),
    emailProvider: place.country === "BE" ? "sendgrid" : "resend",
    contacts: {},
    secondary: [],
    invalidated: {},
    preferences: { channels: [], byCategory: {} },
    optOuts: [],
  };
  addEmail(rng, profile, now);
  addPhone(rng, profile, now);
  addPostal(rng, profile, place);
  addEinvoice(rng, profile);
  choosePreferences(rng, profile);
  chooseOptOuts(rng, profile);
  return profile;
}

export function slugify(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/&/g, "et")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 40)
    .replace(/-$/, "");
}

export function formatPostal(postal: PostalAddress): string {
  return [postal.name, postal.line1, postal.line2, `${postal.postalCode} ${postal.city}`.trim(), postal.country].filter(Boolean).join(", ");
}

export function postalContact(postal: PostalAddress): Contact {
  return { address: formatPostal(postal), postal, usable: postal.postalCode !== "" && postal.line1 !== "" };
}

export function emailDomain(name: string): string {
  return `${slugify(name.replace(/\b(SARL|SASU|SAS|SA|EURL|SCI|SNC|SRL|BV|NV|SC|ASBL|GmbH|AG|KG|Ltd|LLP|DAC)\b/g, ""))}.example`;
}

function companyName(rng: Rng, place: Place, locale: string): string {
  if (place.country === "FR" || (place.country === "BE" && locale === "fr") || place.country === "LU" || place.country === "CH") {
    const surname = place.country === "BE" ? rng.pick(BE_SURNAMES) : rng.pick(FR_SURNAMES);
    const legal =
      place.country === "BE" ? rng.pick(BE_LEGAL) : place.country === "FR" ? rng.pick(FR_LEGAL) : rng.pick(OTHER_LEGAL[place.country]!);
    return rng.weighted<() => string>([
      [() => `${rng.pick(FR_TRADES)} ${surname}`, 30],
      [() => `${rng.pick(FR_TRADES)} ${surname} ${legal}`, 15],
      [() => `${surname} & Fils ${legal}`, 8],
      [() => `${rng.pick(FR_INVENTED)} ${rng.pick(FR_ACTIVITIES)} ${legal}`, 25],
      [() => `${surname} ${rng.pick(FR_ACTIVITIES)}`, 12],
      [() => `Cabinet ${surname} & Associés`, 5],
      [() => `${rng.pick(FR_TRADES)} du ${rng.pick(["Moulin", "Port", "Parc", "Centre", "Marché", "Lac"])}`, 5],
    ])();
  }
  if (place.country === "BE") return `${rng.pick(NL_TRADES)} ${rng.pick(BE_SURNAMES)} ${rng.pick(BE_LEGAL)}`;
  return `${rng.pick(OTHER_SURNAMES)} ${rng.pick(OTHER_TRADES)} ${rng.pick(OTHER_LEGAL[place.country] ?? ["Ltd"])}`;
}

function publicBodyName(rng: Rng, place: Place): string {
  const body = rng.pick(PUBLIC_BODIES);
  return /^[AEIOUYÉÈ]/.test(place.city) ? `${body.replace(/ de$/, " d'")}${place.city}` : `${body} ${place.city}`;
}

function addEmail(rng: Rng, profile: CustomerProfile, now: Date): void {
  if (!rng.chance(profile.isPublicSector ? 0.98 : 0.93)) return;
  const domain = emailDomain(profile.name);
  const mailbox = profile.locale === "fr" ? rng.pick(MAILBOXES.slice(0, 3)) : rng.pick(MAILBOXES.slice(3));
  const personal = `${slugify(rng.pick(FIRST_NAMES))}.${slugify(rng.pick(FR_SURNAMES))}@${domain}`;
  const address = rng.chance(0.15) ? personal : `${mailbox}@${domain}`;
  const roll = rng.next();
  if (roll < 0.03) {
    // Typed in wrong by hand in the billing platform: pre-send validation rejects it.
    const broken = rng.pick([
      `${mailbox}@@${domain}`,
      `${mailbox}.${domain}`,
      `${mailbox}@${domain.replace(".example", "")}`,
      `${mailbox} @${domain}`,
    ]);
    profile.contacts.email = { address: broken, usable: false };
    return;
  }
  profile.contacts.email = { address, usable: roll >= 0.06 };
  if (roll < 0.06) {
    profile.invalidated.email = {
      at: new Date(now.getTime() - rng.int(1, 90) * DAY_MS),
      reason: "Hard bounce: mailbox unavailable (550 5.1.1)",
    };
  }
  if (rng.chance(0.12) && address !== personal) profile.secondary.push({ channel: "email", address: personal });
}

function addPhone(rng: Rng, profile: CustomerProfile, now: Date): void {
  if (!rng.chance(profile.isPublicSector ? 0.2 : 0.52)) return;
  const landline = rng.chance(0.1);
  const address = generatePhone(rng, profile.country, landline ? "landline" : "mobile");
  profile.contacts.sms = { address, usable: !landline };
  if (!landline && rng.chance(0.02)) {
    profile.contacts.sms.usable = false;
    profile.invalidated.sms = { at: new Date(now.getTime() - rng.int(1, 60) * DAY_MS), reason: "Unknown handset (30005)" };
  }
}

function addPostal(rng: Rng, profile: CustomerProfile, place: Place): void {
  if (!rng.chance(0.96)) return;
  const streets = place.country === "FR" ? FR_STREETS : place.country === "BE" ? BE_STREETS : (OTHER_STREETS[place.country] ?? FR_STREETS);
  const incomplete = rng.chance(0.03);
  const postal: PostalAddress = {
    name: profile.name,
    line1: `${rng.int(1, 180)} ${rng.pick(streets)}`,
    ...(rng.chance(0.15) ? { line2: rng.pick(["Bâtiment B", "BP 42", "2e étage", "Zone artisanale", "Bus 3"]) } : {}),
    postalCode: incomplete ? "" : completePostalCode(rng, place),
    city: place.city,
    country: place.country,
  };
  profile.contacts.post = postalContact(postal);
}

function addEinvoice(rng: Rng, profile: CustomerProfile): void {
  let address: string | undefined;
  if (profile.isPublicSector) address = generateSiret(rng);
  else if (profile.country === "BE" && rng.chance(0.35)) {
    const number = generateBelgianEnterpriseNumber(rng);
    address = rng.chance(0.15) ? `9925:BE${number}` : `0208:${number}`;
  } else if (profile.country === "FR" && rng.chance(0.12)) address = `0009:${generateSiret(rng)}`;
  else if (["DE", "NL", "LU"].includes(profile.country) && rng.chance(0.1)) address = `0088:${generateGln(rng)}`;
  if (!address) return;
  // A few were keyed in with a wrong check digit: validation refuses them.
  const broken = rng.chance(0.03);
  if (broken) address = address.slice(0, -1) + String((Number(address.slice(-1)) + 1) % 10);
  profile.contacts.einvoice = { address, usable: !broken };
}

function choosePreferences(rng: Rng, profile: CustomerProfile): void {
  const c = profile.contacts;
  const options: [Channel[], number][] = profile.isPublicSector
    ? [
        [["einvoice", "post"], 70],
        [["einvoice", "email", "post"], 30],
      ]
    : c.einvoice
      ? [
          [["einvoice", "email", "post"], 60],
          [["email", "post"], 25],
          [["einvoice", "post"], 15],
        ]
      : [
          [["email", "post"], 35],
          [["email", "sms", "post"], 25],
          [["email"], 12],
          [["post", "email"], 8],
          [["sms", "email", "post"], 6],
          [["email", "sms"], 8],
          [["post"], 5],
          [["manual"], 1],
        ];
  profile.preferences.channels = rng.weighted(options);
  if (!rng.chance(0.25)) return;
  const overrides: [Category, Channel[]][] = [
    ["reminder", ["email", "sms", "post"]],
    ["reminder", ["sms", "email"]],
    ["payment_confirmation", ["sms"]],
    ["payment_confirmation", ["email"]],
    ["statement", ["post"]],
    ["statement", ["email"]],
    ["contract", ["post", "email"]],
    ["welcome", ["email"]],
    ["credit_note", ["email", "post"]],
  ];
  for (let i = rng.int(1, 2); i > 0; i--) {
    const [category, channels] = rng.pick(overrides);
    profile.preferences.byCategory[category] = channels;
  }
}

function chooseOptOuts(rng: Rng, profile: CustomerProfile): void {
  if (!rng.chance(0.18)) return;
  const choices: CustomerProfile["optOuts"] = [
    { channel: "sms", category: null, source: "customer" },
    { channel: "sms", category: null, source: "provider" },
    { channel: "post", category: null, source: "customer" },
    { channel: "sms", category: "reminder", source: "customer" },
    { channel: "email", category: "welcome", source: "customer" },
    { channel: "post", category: "statement", source: "customer" },
    { channel: "email", category: "payment_confirmation", source: "staff" },
  ];
  for (let i = rng.int(1, 2); i > 0; i--) {
    const choice = rng.pick(choices);
    if (!profile.optOuts.some((o) => o.channel === choice.channel && o.category === choice.category)) profile.optOuts.push(choice);
  }
}

function completePostalCode(rng: Rng, place: Place): string {
  const prefix = place.postalCode;
  switch (place.country) {
    case "FR":
      return prefix.length === 5
        ? prefix
        : prefix + (prefix === "750" ? String(rng.int(1, 20)).padStart(2, "0") : rng.digits(5 - prefix.length));
    case "NL":
      return `${prefix}${rng.digits(2)} ${rng.pick(["AB", "CD", "EK", "GH", "JK", "LM"])}`;
    case "IE":
      return `${prefix}${rng.int(1, 8)} ${rng.pick(["X2", "Y4", "K7"])}${rng.digits(2)}`;
    case "GB":
      return `${prefix}${rng.int(1, 9)}BB`;
    case "LU":
      return `${prefix}${rng.digits(3)}`;
    default:
      return prefix.length >= 4 ? prefix : prefix + rng.digits((place.country === "CH" || place.country === "BE" ? 4 : 5) - prefix.length);
  }
}
