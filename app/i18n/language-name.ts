import { INTL_LOCALES, type StaffLocale } from "@/lib/i18n/locales";

/** A customer's language code as the staff reads it: "Dutch (nl)", "néerlandais (nl)". */
export function languageName(code: string, uiLocale: StaffLocale): string {
  try {
    const name = new Intl.DisplayNames([INTL_LOCALES[uiLocale]], { type: "language" }).of(code);
    return name && name !== code ? `${name} (${code})` : code;
  } catch {
    // Not a language tag at all: show what is stored.
    return code;
  }
}
