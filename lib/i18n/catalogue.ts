import en from "./messages/en.json";
import fr from "./messages/fr.json";
import nl from "./messages/nl.json";
import type { StaffLocale } from "./locales";

// The staff UI's messages per language. English is the source catalogue; a key another
// catalogue lacks falls back to its English text — marked "[EN] …" in development so a
// missing translation shows on screen, silent in production. tests/unit/i18n-catalogues
// keeps the three catalogues' keys identical, so in a release nothing falls back.

export type Messages = typeof en;
export type MessageTree = { [key: string]: string | MessageTree };

const CATALOGUES: Record<StaffLocale, MessageTree> = { en, nl, fr };

/** The marker a fallback carries in development. */
export const FALLBACK_MARK = "[EN] ";

/** `messages` with every key it lacks taken from `fallback` (prefixed with `mark`). */
export function withFallback(messages: MessageTree, fallback: MessageTree, mark = ""): MessageTree {
  const merged: MessageTree = {};
  for (const [key, value] of Object.entries(fallback)) {
    const own = messages[key];
    if (typeof value === "string") merged[key] = typeof own === "string" ? own : `${mark}${value}`;
    else merged[key] = withFallback(typeof own === "object" ? own : {}, value, mark);
  }
  return merged;
}

const merged = new Map<string, Messages>();

/** The catalogue of `locale`, complete: English fills any gap (marked when `markFallbacks`). */
export function catalogue(locale: StaffLocale, { markFallbacks = process.env.NODE_ENV === "development" } = {}): Messages {
  const key = `${locale}:${markFallbacks}`;
  let messages = merged.get(key);
  if (!messages) {
    // withFallback keeps exactly the English tree's shape, so the result is a Messages.
    messages = (locale === "en" ? en : withFallback(CATALOGUES[locale], en, markFallbacks ? FALLBACK_MARK : "")) as Messages;
    merged.set(key, messages);
  }
  return messages;
}

/** The raw catalogues, for the hygiene tests. */
export function rawCatalogue(locale: StaffLocale): MessageTree {
  return CATALOGUES[locale];
}
