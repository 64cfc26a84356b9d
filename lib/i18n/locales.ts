// The languages of the staff UI. The catalogues are lib/i18n/messages/<locale>.json (English
// is the source: every key exists there first); app/i18n/request.ts picks one per request.

export const STAFF_LOCALES = ["en", "nl", "fr"] as const;
export type StaffLocale = (typeof STAFF_LOCALES)[number];

/** What Herald falls back to when nothing else decides (HERALD_DEFAULT_LOCALE unset). */
export const DEFAULT_STAFF_LOCALE: StaffLocale = "en";

export function isStaffLocale(value: unknown): value is StaffLocale {
  return typeof value === "string" && (STAFF_LOCALES as readonly string[]).includes(value);
}

/**
 * The Intl locale behind each UI language: day-month-year English for a European team
 * ("1 Dec 2026"), Belgian Dutch ("1 dec 2026"), French ("1 déc. 2026").
 */
export const INTL_LOCALES: Record<StaffLocale, string> = { en: "en-GB", nl: "nl-BE", fr: "fr-FR" };

/** Each language named in itself, as a language picker shows it whatever the current language. */
export const LANGUAGE_NAMES: Record<StaffLocale, string> = { en: "English", nl: "Nederlands", fr: "Français" };

/** What is wrong with a HERALD_DEFAULT_LOCALE value, or null when it is unset or a UI language. */
export function localeProblem(value: string | undefined): string | null {
  if (!value?.trim() || isStaffLocale(value.trim().toLowerCase())) return null;
  return `HERALD_DEFAULT_LOCALE "${value}" is not a language Herald speaks: use ${STAFF_LOCALES.join(", ")}`;
}

/** HERALD_DEFAULT_LOCALE when it names a UI language; English otherwise (start-up refuses a wrong one). */
export function configuredDefaultLocale(env: Record<string, string | undefined> = process.env): StaffLocale {
  const configured = env.HERALD_DEFAULT_LOCALE?.trim().toLowerCase();
  return isStaffLocale(configured) ? configured : DEFAULT_STAFF_LOCALE;
}

/**
 * Languages a browser asks for (an Accept-Language header), best first: quality values
 * decide, the header's order breaks ties, `q=0` means "not this one".
 */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((param) => /^\s*q\s*=\s*([\d.]+)\s*$/.exec(param)?.[1]).find(Boolean);
      return { tag: tag.trim().toLowerCase(), quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0 && Number.isFinite(entry.quality))
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The first UI language the browser accepts ("nl-BE" → nl, "fr-CH" → fr), or null. */
export function negotiateLocale(header: string | null | undefined): StaffLocale | null {
  for (const tag of acceptedLanguages(header)) {
    const language = tag.split("-")[0];
    if (isStaffLocale(language)) return language;
  }
  return null;
}

/**
 * The language a staff member sees: the one set on their account, else the first their
 * browser asks for that Herald speaks, else HERALD_DEFAULT_LOCALE, else English.
 */
export function resolveStaffLocale(input: {
  account?: string | null;
  acceptLanguage?: string | null;
  configured?: StaffLocale;
}): StaffLocale {
  if (isStaffLocale(input.account)) return input.account;
  return negotiateLocale(input.acceptLanguage) ?? input.configured ?? DEFAULT_STAFF_LOCALE;
}
