import type { PostalAddress } from "@/db/schema";
import { type Category, type Channel, STATUS } from "@/db/schema/enums";
import { emailDomain, postalContact } from "./customers";
import { generateBelgianEnterpriseNumber, generatePhone, generateSiret } from "./identifiers";
import { DAY_MS, HOUR_MS, MINUTE_MS, type Stage } from "./outcomes";
import { Rng, STREAM } from "./random";
import type { CustomerProfile } from "./types";

// The first customers and stories are written out by hand, so every demo database (and
// every test dataset) shows each status, channel, category and attempt kind, including
// docs/architecture.md §1 example: e-mail failed on day 1, resent successfully the next day.

type Persona = {
  name: string;
  city: string;
  postalCode: string;
  country: string;
  locationGroup: string | null;
  locale: string;
  isPublicSector?: boolean;
  email?: string;
  emailProvider?: CustomerProfile["emailProvider"];
  mobile?: boolean;
  landline?: boolean;
  post?: boolean;
  einvoice?: "chorus" | "peppol-be" | "peppol-fr";
  channels: Channel[];
  byCategory?: Partial<Record<Category, Channel[]>>;
  optOuts?: CustomerProfile["optOuts"];
};

// Data tables keep one entry per line (prettier-ignore): they read as tables.
// prettier-ignore
const PERSONAS: Persona[] = [
  // On SendGrid: its content bounces (lib/webhooks/sendgrid.ts) are the e-mail failure that
  // does not fall back, which docs/architecture.md §1's failed-then-resent invoice needs.
  { name: "Boulangerie Martin", city: "Lyon", postalCode: "69002", country: "FR", locationGroup: "Lyon", locale: "fr", email: "factures", emailProvider: "sendgrid", mobile: true, post: true, channels: ["email"], byCategory: { reminder: ["email", "sms", "post"] } },
  { name: "Mairie de Villeurbanne", city: "Villeurbanne", postalCode: "69100", country: "FR", locationGroup: "Lyon", locale: "fr", isPublicSector: true, email: "comptabilite", post: true, einvoice: "chorus", channels: ["einvoice", "post"] },
  { name: "Brouwerij Van Damme BV", city: "Gent", postalCode: "9000", country: "BE", locationGroup: "Ghent", locale: "nl", email: "accounts", post: true, einvoice: "peppol-be", channels: ["einvoice", "email", "post"], byCategory: { contract: ["post", "email"] } },
  { name: "Atelier Dubois", city: "Paris", postalCode: "75011", country: "FR", locationGroup: "Paris", locale: "fr", email: "contact@@atelier-dubois.example", landline: true, post: true, channels: ["email", "sms", "post"] },
  { name: "Nordlicht Logistik GmbH", city: "Köln", postalCode: "50667", country: "DE", locationGroup: "Remote", locale: "de", email: "billing", channels: ["email"] },
  {
    name: "Cabinet Lefèvre & Associés", city: "Paris", postalCode: "75008", country: "FR", locationGroup: "Paris", locale: "fr", email: "compta", post: true, channels: ["email", "post"],
    optOuts: [{ channel: "email", category: "reminder", source: "customer" }, { channel: "post", category: null, source: "customer" }],
  },
  { name: "Ferme du Moulin", city: "Bordeaux", postalCode: "33000", country: "FR", locationGroup: "Bordeaux", locale: "fr", channels: ["email", "post"] },
  { name: "Transports Girard SAS", city: "Marseille", postalCode: "13002", country: "FR", locationGroup: "Marseille", locale: "fr", email: "factures", mobile: true, post: true, channels: ["email", "post"], byCategory: { reminder: ["sms", "email"], payment_confirmation: ["sms"], statement: ["sms", "email"] } },
  { name: "Lumière Studio", city: "Nantes", postalCode: "44000", country: "FR", locationGroup: "Nantes", locale: "fr", post: true, channels: ["manual"] },
  { name: "Horizon Conseil SAS", city: "Paris", postalCode: "75009", country: "FR", locationGroup: "Paris", locale: "fr", email: "ap", post: true, einvoice: "peppol-fr", channels: ["einvoice", "email", "post"] },
  { name: "Dupont & Fils SARL", city: "Lille", postalCode: "59000", country: "FR", locationGroup: "Lille", locale: "fr", email: "compta", post: true, channels: ["email", "post"] },
  { name: "Atelier Peeters SRL", city: "Bruxelles", postalCode: "1050", country: "BE", locationGroup: "Brussels", locale: "fr", email: "billing", post: true, channels: ["email", "post"] },
];

export const PERSONA_COUNT = PERSONAS.length;

/** Replaces the random details of customer `index` (< PERSONA_COUNT) with its persona. */
export function applyPersona(profile: CustomerProfile, seed: number): CustomerProfile {
  const persona = PERSONAS[profile.index];
  if (!persona) return profile;
  const rng = Rng.for(seed, STREAM.customer, 1_000_000 + profile.index);
  const domain = emailDomain(persona.name);
  const postal: PostalAddress = {
    name: persona.name,
    line1: `${rng.int(1, 90)} ${persona.country === "FR" ? "rue de la République" : "Hoogstraat"}`,
    postalCode: persona.postalCode,
    city: persona.city,
    country: persona.country,
  };
  const contacts: CustomerProfile["contacts"] = {};
  if (persona.email) {
    const address = persona.email.includes("@") ? persona.email : `${persona.email}@${domain}`;
    contacts.email = { address, usable: !address.includes("@@") };
  }
  if (persona.mobile) contacts.sms = { address: generatePhone(rng, persona.country, "mobile"), usable: true };
  if (persona.landline) contacts.sms = { address: generatePhone(rng, persona.country, "landline"), usable: false };
  if (persona.post) contacts.post = postalContact(postal);
  if (persona.einvoice === "chorus") contacts.einvoice = { address: generateSiret(rng), usable: true };
  if (persona.einvoice === "peppol-be") contacts.einvoice = { address: `0208:${generateBelgianEnterpriseNumber(rng)}`, usable: true };
  if (persona.einvoice === "peppol-fr") contacts.einvoice = { address: `0009:${generateSiret(rng)}`, usable: true };
  return {
    ...profile,
    name: persona.name,
    locale: persona.locale,
    country: persona.country,
    locationGroup: persona.locationGroup,
    isPublicSector: persona.isPublicSector ?? false,
    emailProvider: persona.emailProvider ?? (persona.country === "BE" ? "sendgrid" : "resend"),
    contacts,
    secondary: [],
    invalidated: {},
    preferences: { channels: persona.channels, byCategory: persona.byCategory ?? {} },
    optOuts: persona.optOuts ?? [],
  };
}

/** One scripted attempt: the outcome key (per provider) and where to cut its timeline. */
export type ScriptStep = {
  outcome: string;
  kind: "first" | "resend" | "fallback" | "failover";
  /** Delay after the previous attempt's last event (resends are staff actions). */
  after?: number;
  stopAt?: Stage | typeof STATUS.queued;
  retryWait?: boolean;
};

export type Showcase = {
  persona: number;
  category: Category;
  /** How long before `now` the communication was created. */
  ago: number;
  steps: ScriptStep[];
  collectingData?: boolean;
  ignore?: boolean;
};

// prettier-ignore
export const SHOWCASES: Showcase[] = [
  { persona: 0, category: "invoice", ago: 16 * DAY_MS, steps: [{ outcome: "content_bounce", kind: "first" }, { outcome: "delivered", kind: "resend", after: 22 * HOUR_MS }] },
  { persona: 0, category: "reminder", ago: 9 * DAY_MS, steps: [{ outcome: "bounced", kind: "first" }, { outcome: "delivered", kind: "fallback" }] },
  { persona: 4, category: "invoice", ago: 30 * DAY_MS, steps: [{ outcome: "bounced", kind: "first" }, { outcome: "pending", kind: "fallback" }] },
  { persona: 1, category: "invoice", ago: 20 * DAY_MS, steps: [{ outcome: "delivered", kind: "first" }] },
  { persona: 1, category: "credit_note", ago: 12 * DAY_MS, steps: [{ outcome: "rejetee", kind: "first" }] },
  { persona: 2, category: "invoice", ago: 25 * DAY_MS, steps: [{ outcome: "not_registered", kind: "first" }, { outcome: "delivered", kind: "fallback" }] },
  { persona: 3, category: "statement", ago: 40 * DAY_MS, steps: [{ outcome: "returned", kind: "first" }, { outcome: "pending", kind: "fallback" }, { outcome: "sent", kind: "resend", after: 3 * DAY_MS }] },
  { persona: 5, category: "reminder", ago: 6 * DAY_MS, steps: [{ outcome: "pending", kind: "first" }] },
  { persona: 6, category: "welcome", ago: 3 * DAY_MS, steps: [{ outcome: "pending", kind: "first" }] },
  { persona: 8, category: "contract", ago: 10 * DAY_MS, steps: [{ outcome: "done", kind: "first" }] },
  { persona: 7, category: "payment_confirmation", ago: 4 * MINUTE_MS, steps: [{ outcome: "delivered", kind: "first", retryWait: true }] },
  // An e-mail in flight at Resend (accepted a minute ago): the browser suite delivers it live.
  { persona: 4, category: "statement", ago: 1 * MINUTE_MS, steps: [{ outcome: "delivered", kind: "first", stopAt: STATUS.accepted }] },
  { persona: 3, category: "invoice", ago: 2 * HOUR_MS, steps: [{ outcome: "sent", kind: "first", stopAt: STATUS.queued }] },
  { persona: 7, category: "reminder", ago: 18 * DAY_MS, steps: [{ outcome: "stop_21610", kind: "first" }, { outcome: "delivered", kind: "fallback" }] },
  { persona: 0, category: "payment_confirmation", ago: 50 * DAY_MS, steps: [{ outcome: "delivered", kind: "first" }, { outcome: "delivered", kind: "resend", after: 5 * DAY_MS }] },
  { persona: 10, category: "invoice", ago: 2 * DAY_MS, steps: [], collectingData: true },
  { persona: 4, category: "reminder", ago: 70 * DAY_MS, steps: [{ outcome: "bounced", kind: "first" }, { outcome: "pending", kind: "fallback" }], ignore: true },
  { persona: 11, category: "invoice", ago: 8 * DAY_MS, steps: [{ outcome: "blocked", kind: "first" }, { outcome: "sent", kind: "fallback" }] },
  { persona: 9, category: "invoice", ago: 15 * DAY_MS, steps: [{ outcome: "business_rule", kind: "first" }] },
  { persona: 2, category: "contract", ago: 35 * DAY_MS, steps: [{ outcome: "delivered", kind: "first" }] },
  { persona: 7, category: "invoice", ago: 22 * DAY_MS, steps: [{ outcome: "delivered", kind: "first" }] },
  { persona: 1, category: "reminder", ago: 5 * DAY_MS, steps: [{ outcome: "delivered", kind: "first", stopAt: STATUS.sent }] },
  { persona: 9, category: "credit_note", ago: 28 * DAY_MS, steps: [{ outcome: "delivered", kind: "first" }] },
  { persona: 11, category: "welcome", ago: 60 * DAY_MS, steps: [{ outcome: "delivered", kind: "first" }] },
  { persona: 7, category: "statement", ago: 11 * DAY_MS, steps: [{ outcome: "undelivered_30003", kind: "first" }, { outcome: "delivered", kind: "fallback" }] },
  // A content failure: no fallback (another channel would carry the same text), so the
  // communication stays Failed until staff fix it.
  { persona: 7, category: "reminder", ago: 13 * DAY_MS, steps: [{ outcome: "failed_30007", kind: "first" }] },
  // Provider failover: the e-mail provider refused it twice (an outage), the other took it.
  { persona: 0, category: "statement", ago: 7 * DAY_MS, steps: [{ outcome: "moved", kind: "first" }, { outcome: STATUS.delivered, kind: "failover" }] },
  // The one story tracking health reports (README.md, "Demo data"): a Chorus Pro invoice
  // deposited 9 days ago that was never made available to the buyer.
  { persona: 1, category: "invoice", ago: 9 * DAY_MS, steps: [{ outcome: "delivered", kind: "first", stopAt: STATUS.sent }] },
];
