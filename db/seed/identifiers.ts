import type { Rng } from "./random";

// Registration numbers that pass the checks the app runs before sending (Luhn SIRET,
// mod-97 Belgian enterprise number, GS1 GLN), phone numbers in the shapes
// libphonenumber classifies as mobile or fixed line, and provider message ids in each
// provider's own format.

/** A SIRET (SIREN + NIC) whose SIREN and full 14 digits are both Luhn-valid. */
export function generateSiret(rng: Rng): string {
  const siren = withLuhnDigit(String(rng.int(1, 9)) + rng.digits(7));
  return withLuhnDigit(siren + rng.digits(4));
}

export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/** Belgian enterprise number (KBO/BCE): 10 digits, the last two are 97 − (first 8 mod 97). */
export function generateBelgianEnterpriseNumber(rng: Rng): string {
  const base = String(rng.int(0, 1)) + String(rng.int(2, 9)) + rng.digits(6);
  const check = 97 - (Number(base) % 97);
  return base + String(check).padStart(2, "0");
}

/** GS1 Global Location Number (13 digits, mod-10 check digit weighted 3/1 from the right). */
export function generateGln(rng: Rng): string {
  const payload = "54" + rng.digits(10);
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    sum += Number(payload[payload.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return payload + String((10 - (sum % 10)) % 10);
}

export type PhoneKind = "mobile" | "landline";

/** An E.164 number in the country's mobile or fixed-line numbering plan. */
export function generatePhone(rng: Rng, country: string, kind: PhoneKind): string {
  const plan = PHONE_PLANS[country] ?? PHONE_PLANS.FR!;
  const [prefixes, length] = kind === "mobile" ? plan.mobile : plan.landline;
  return rng.pick(prefixes) + rng.digits(length);
}

/** Twilio Message SID: "SM" + 32 hex digits. */
export function twilioSid(prefix: "SM" | "AC" | "MG", uuid: string): string {
  return prefix + uuid.replaceAll("-", "");
}

/** SendGrid's X-Message-Id: 22 base64url characters. */
export function sendgridMessageId(uuid: string): string {
  return Buffer.from(uuid.replaceAll("-", ""), "hex").toString("base64url");
}

/** SendGrid's sg_event_id: base64 of 16 bytes ("…==", as in the Event Webhook docs). */
export function sendgridEventId(uuid: string): string {
  return Buffer.from(uuid.replaceAll("-", ""), "hex").toString("base64");
}

/** Svix message id as Resend sends it in `svix-id`: "msg_" + 27 base62 characters. */
export function svixMessageId(uuid: string): string {
  let value = BigInt(`0x${uuid.replaceAll("-", "")}`);
  let out = "";
  while (value > 0n) {
    out = BASE62[Number(value % 62n)] + out;
    value /= 62n;
  }
  return `msg_${out.padStart(27, "0")}`;
}

function withLuhnDigit(payload: string): string {
  for (let check = 0; check < 10; check++) {
    if (isLuhnValid(payload + check)) return payload + check;
  }
  throw new Error("unreachable: one Luhn digit always fits");
}

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

type Plan = { mobile: [readonly string[], number]; landline: [readonly string[], number] };

const PHONE_PLANS: Record<string, Plan> = {
  FR: {
    mobile: [["+3361", "+3362", "+3364", "+3365", "+3366", "+3367", "+3375", "+3377", "+3378"], 7],
    landline: [["+3314", "+3315", "+3347", "+3349", "+3320", "+3355", "+3324"], 7],
  },
  BE: { mobile: [["+32470", "+32475", "+32486", "+32495", "+32498"], 6], landline: [["+322", "+323", "+329", "+324"], 7] },
  LU: { mobile: [["+352621", "+352661", "+352691"], 6], landline: [["+35222", "+35245"], 4] },
  CH: { mobile: [["+4176", "+4178", "+4179"], 7], landline: [["+4122"], 7] },
  NL: { mobile: [["+316"], 8], landline: [["+3120"], 7] },
  DE: { mobile: [["+49151", "+49160", "+49171"], 8], landline: [["+49221"], 7] },
  ES: { mobile: [["+346"], 8], landline: [["+3493"], 7] },
  IE: { mobile: [["+35385", "+35387"], 7], landline: [["+3531"], 7] },
  GB: { mobile: [["+447700900"], 3], landline: [["+4420"], 8] },
};
