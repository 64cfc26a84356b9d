import { IntlMessageFormat } from "intl-messageformat";
import { describe, expect, it } from "vitest";
import { catalogue, FALLBACK_MARK, type MessageTree, rawCatalogue, withFallback } from "@/lib/i18n/catalogue";
import { STAFF_LOCALES } from "@/lib/i18n/locales";

// The three staff-UI catalogues stay in step: the same keys, every message valid ICU, and
// each translation using exactly the placeholders and tags of its English source — a
// translation that drops {count} or renames <strong> would show the wrong thing at runtime.

function leaves(tree: MessageTree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [[`${prefix}${key}`, value] as [string, string]] : leaves(value, `${prefix}${key}.`),
  );
}

type Element = { type: number; value?: unknown; options?: Record<string, { value: Element[] }>; children?: Element[] };
// intl-messageformat's element types: 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural, 8 tag.
const ARGUMENT_TYPES = new Set([1, 2, 3, 4, 5, 6]);
const TAG = 8;

/** The placeholder and tag names a message uses, sorted ("{count}", "<strong>"). */
function slots(message: string, locale: string): string[] {
  const names = new Set<string>();
  const visit = (elements: Element[]) => {
    for (const element of elements) {
      if (ARGUMENT_TYPES.has(element.type) && typeof element.value === "string") names.add(`{${element.value}}`);
      if (element.type === TAG && typeof element.value === "string") names.add(`<${element.value}>`);
      for (const option of Object.values(element.options ?? {})) visit(option.value);
      if (element.children) visit(element.children);
    }
  };
  visit(new IntlMessageFormat(message, locale).getAst() as Element[]);
  return [...names].sort();
}

const english = new Map(leaves(rawCatalogue("en")));

describe.each(STAFF_LOCALES)("the %s catalogue", (locale) => {
  const messages = leaves(rawCatalogue(locale));

  it("has exactly the keys of the English one", () => {
    const keys = messages.map(([key]) => key).sort();
    expect(keys).toEqual([...english.keys()].sort());
  });

  it("holds only non-empty messages that parse as ICU", () => {
    const broken = messages.flatMap(([key, message]) => {
      if (!message.trim()) return [`${key}: empty`];
      try {
        new IntlMessageFormat(message, locale);
        return [];
      } catch (error) {
        return [`${key}: ${(error as Error).message}`];
      }
    });
    expect(broken).toEqual([]);
  });

  it("uses the placeholders and tags of the English message, no more, no fewer", () => {
    const different = messages.flatMap(([key, message]) => {
      const source = english.get(key);
      if (source === undefined) return [];
      const [mine, theirs] = [slots(message, locale), slots(source, "en")];
      return mine.join() === theirs.join() ? [] : [`${key}: ${mine.join(" ")} ≠ en ${theirs.join(" ")}`];
    });
    expect(different).toEqual([]);
  });
});

describe("missing translations", () => {
  const english = { greeting: "Hello", nested: { farewell: "Goodbye {name}" } };

  it("fall back to English, marked in development", () => {
    expect(withFallback({ nested: {} }, english, FALLBACK_MARK)).toEqual({
      greeting: "[EN] Hello",
      nested: { farewell: "[EN] Goodbye {name}" },
    });
  });

  it("fall back to English silently in production, and keep what is translated", () => {
    expect(withFallback({ greeting: "Hallo" }, english)).toEqual({ greeting: "Hallo", nested: { farewell: "Goodbye {name}" } });
  });

  it("drop keys English does not have: the English catalogue decides the shape", () => {
    expect(withFallback({ greeting: "Hallo", stale: "Oud" }, english)).toEqual({
      greeting: "Hallo",
      nested: { farewell: "Goodbye {name}" },
    });
  });

  it("leave a complete catalogue unchanged, in either mode", () => {
    for (const locale of STAFF_LOCALES) {
      expect(catalogue(locale, { markFallbacks: true })).toEqual(rawCatalogue(locale));
      expect(catalogue(locale, { markFallbacks: false })).toEqual(rawCatalogue(locale));
    }
  });
});
