import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js/max";

// What the search box was given, read before any SQL: references (invoice, credit note,
// contract, customer number, provider message id) are matched exactly or by prefix, an
// e-mail address as typed, a phone number in whatever national or international format
// staff paste it — attempts store E.164 (lib/routing/contact-validation.ts).

/** Below this length no trigram exists: only the reference prefix match applies. */
export const MIN_TRIGRAM_LENGTH = 3;

export type SearchTerms = {
  /** Trimmed, lower-cased, inner whitespace collapsed. */
  text: string;
  /** LIKE pattern for "starts with" on a lower-cased reference column. */
  prefix: string;
  /** The text contains an @: also match recipients that start with it. */
  email: boolean;
  /** Whether a phone number could be in the text: its E.164 form needs a default country. */
  phoneLike: boolean;
  /**
   * The text looks like (part of) an identifier rather than a name: it has a digit, an @, or
   * is one word with the punctuation of addresses and references (`boulangerie-martin.example`).
   * Such text is matched as typed, never by trigram similarity: every invoice number is
   * "similar" to every other one.
   */
  identifier: boolean;
};

export function readSearchTerms(search: string): SearchTerms | null {
  const text = search.trim().toLowerCase().replace(/\s+/g, " ");
  if (!text) return null;
  return {
    text,
    prefix: `${escapeLike(text)}%`,
    email: text.includes("@"),
    // Digits with the separators people type (+33 6 12 34 56 78, 06.12.34.56.78, (0)6-…).
    phoneLike: /^\+?[\d\s().\-/]{6,}$/.test(text) && (text.match(/\d/g)?.length ?? 0) >= 6,
    identifier: /[\d@]/.test(text) || (!text.includes(" ") && /[._:/#+]/.test(text)),
  };
}

/** The number in E.164 if the text is a valid phone number (national formats read as `country`). */
export function toE164(text: string, country: string | null | undefined): string | null {
  const fallback: CountryCode = country && isSupportedCountry(country) ? country : "FR";
  const phone = parsePhoneNumberFromString(text, fallback);
  return phone?.isValid() ? phone.number : null;
}

/** LIKE pattern for "contains"; the search text is already lower-cased. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
