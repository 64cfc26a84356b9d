import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
// One module per validator: stdnum's index loads every country's (≈0.5 s per cold start).
import * as beVat from "stdnum/lib/cjs/be/vat.js";
import * as siren from "stdnum/lib/cjs/fr/siren.js";
import * as frSiret from "stdnum/lib/cjs/fr/siret.js";
import * as tva from "stdnum/lib/cjs/fr/tva.js";
import * as noOrgnr from "stdnum/lib/cjs/no/orgnr.js";
import type { PostalAddress } from "@/db/schema/customers";
import { isEmailAddress } from "@/lib/email-address";

// Pre-send validation (docs/architecture.md §2, docs/providers.md): a contact point that would only earn
// a synchronous refusal (Twilio 21614/21635, Resend validation_error, an unknown Peppol
// participant format) is skipped before we spend an attempt on it. Libraries do the real
// work — lib/email-address.ts for e-mail syntax, libphonenumber-js (the /max build: /min cannot tell a
// mobile from a landline) for phones, stdnum for SIRET/SIREN/VAT checksums.

export type Validation<T = object> = ({ ok: true; address: string } & T) | { ok: false; problem: string };

export function validateEmail(value: string): Validation {
  const trimmed = value.trim();
  if (!isEmailAddress(trimmed)) return { ok: false, problem: `e-mail address invalid (${trimmed || "empty"})` };
  const at = trimmed.lastIndexOf("@");
  return { ok: true, address: `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}` };
}

/**
 * A number Twilio can text: valid, and a mobile (or a number whose plan cannot tell mobile
 * from fixed, as in the US). A landline is refused here rather than by Twilio (21614/21635).
 */
export function validateMobileNumber(value: string, defaultCountry?: string): Validation {
  const phone = parsePhoneNumberFromString(value.trim(), asCountry(defaultCountry));
  if (!phone || !phone.isValid()) return { ok: false, problem: `phone number invalid (${value.trim() || "empty"})` };
  const type = phone.getType();
  if (type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE") return { ok: true, address: phone.number };
  if (type === "FIXED_LINE") return { ok: false, problem: `phone number is a landline (${phone.number}), it cannot receive SMS` };
  return { ok: false, problem: `phone number is not a mobile number (${phone.number}${type ? `, ${type.toLowerCase()}` : ""})` };
}

const REQUIRED_POSTAL_FIELDS = ["line1", "postalCode", "city", "country"] as const;

/** A letter needs a street line, postal code, city and an ISO country code the printer accepts. */
export function validatePostalAddress(postal: Partial<PostalAddress> | null | undefined): Validation<{ postal: PostalAddress }> {
  if (!postal) return { ok: false, problem: "postal address missing" };
  const missing = REQUIRED_POSTAL_FIELDS.filter((field) => !postal[field]?.trim());
  if (missing.length > 0) return { ok: false, problem: `postal address incomplete (no ${missing.join(", ")})` };
  const country = postal.country!.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) return { ok: false, problem: `postal address country is not an ISO code (${postal.country})` };
  const normalised: PostalAddress = {
    ...(postal.name?.trim() ? { name: postal.name.trim() } : {}),
    line1: postal.line1!.trim(),
    ...(postal.line2?.trim() ? { line2: postal.line2.trim() } : {}),
    postalCode: postal.postalCode!.trim(),
    city: postal.city!.trim(),
    country,
  };
  const lines = [normalised.name, normalised.line1, normalised.line2, `${normalised.postalCode} ${normalised.city}`, country];
  return { ok: true, address: lines.filter(Boolean).join("\n"), postal: normalised };
}

export function validateSiret(value: string): Validation {
  const result = frSiret.validate(value);
  return result.isValid ? { ok: true, address: result.compact } : { ok: false, problem: `SIRET invalid (${value.trim() || "empty"})` };
}

/**
 * ICDs whose identifier has a checksum stdnum can verify (docs/providers.md). Other ICDs are
 * checked for the generic format only; whether the receiver is registered is the access
 * point's SMP lookup, not ours.
 */
const ICD_VALIDATORS: Record<string, { name: string; validate: (value: string) => boolean }> = {
  "0002": { name: "SIREN", validate: (value) => siren.validate(value).isValid },
  "0009": { name: "SIRET", validate: (value) => frSiret.validate(value).isValid },
  "0192": { name: "Norwegian organisation number", validate: (value) => noOrgnr.validate(value).isValid },
  "0208": { name: "Belgian enterprise number", validate: (value) => beVat.validate(value).isValid },
  "9925": { name: "Belgian VAT number", validate: (value) => beVat.validate(value).isValid },
  "9957": { name: "French VAT number", validate: (value) => tva.validate(value).isValid },
};

// PFUOI 4.4 (as cited in peppol-commons): 4-digit ICD, ':', 1–130 printable ASCII characters.
const PEPPOL_PARTICIPANT = /^(\d{4}):([\x21-\x7E]{1,130})$/;
const PEPPOL_SCHEME_PREFIX = /^iso6523-actorid-upis::/i;

/** A Peppol participant id (`0009:73282932000074`), optionally with its scheme prefix. */
export function validatePeppolParticipantId(value: string): Validation {
  const id = value.trim().replace(PEPPOL_SCHEME_PREFIX, "");
  const match = id.length <= 135 ? PEPPOL_PARTICIPANT.exec(id) : null;
  if (!match) return { ok: false, problem: `Peppol participant id malformed (${id || "empty"})` };
  const [, icd, identifier] = match as unknown as [string, string, string];
  const check = ICD_VALIDATORS[icd];
  if (check && !check.validate(identifier)) {
    return { ok: false, problem: `Peppol participant id ${id} has an invalid ${check.name} (checksum)` };
  }
  // Participant ids are case-insensitive; SMP lookups use the lower-case form.
  return { ok: true, address: id.toLowerCase() };
}

export type EinvoiceNetwork = "peppol" | "chorus_pro";

/**
 * An e-invoicing registration: a Peppol participant id goes through our access point; a bare
 * SIRET is a French public-sector structure reached through Chorus Pro.
 */
export function validateEinvoiceRegistration(value: string): Validation<{ network: EinvoiceNetwork }> {
  const compact = value.replace(/[\s.-]/g, "");
  if (/^\d{14}$/.test(compact)) {
    const siret = validateSiret(compact);
    return siret.ok ? { ...siret, network: "chorus_pro" } : siret;
  }
  const peppol = validatePeppolParticipantId(value);
  return peppol.ok ? { ...peppol, network: "peppol" } : peppol;
}

function asCountry(value: string | undefined): CountryCode | undefined {
  return value && /^[A-Z]{2}$/i.test(value) ? (value.toUpperCase() as CountryCode) : undefined;
}
