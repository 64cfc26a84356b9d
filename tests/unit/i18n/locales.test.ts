import { describe, expect, it } from "vitest";
import { formatBytes, formatDate, formatDateTime, formatNumber } from "@/lib/format";
import { acceptedLanguages, configuredDefaultLocale, localeProblem, negotiateLocale, resolveStaffLocale } from "@/lib/i18n/locales";
import { channelLabelKey } from "@/lib/i18n/status-labels";
import { CHANNEL_LABELS, PROVIDER_UNAVAILABLE_LABEL } from "@/lib/status";

describe("choosing the staff language", () => {
  it("reads Accept-Language by quality, then order, skipping q=0 and wildcards", () => {
    expect(acceptedLanguages("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")).toEqual(["fr-ch", "fr", "en", "de"]);
    expect(acceptedLanguages("de;q=0.2, nl-BE;q=0.9, en;q=0")).toEqual(["nl-be", "de"]);
    expect(acceptedLanguages("")).toEqual([]);
    expect(acceptedLanguages(null)).toEqual([]);
  });

  it("takes the first language Herald speaks, by its primary subtag", () => {
    expect(negotiateLocale("nl-BE,nl;q=0.9,en;q=0.8")).toBe("nl");
    expect(negotiateLocale("de-DE,de;q=0.9,fr;q=0.5")).toBe("fr");
    expect(negotiateLocale("en-US,en;q=0.9")).toBe("en");
    expect(negotiateLocale("de,es")).toBeNull();
  });

  it("prefers the account's setting, then the browser, then HERALD_DEFAULT_LOCALE, then English", () => {
    expect(resolveStaffLocale({ account: "fr", acceptLanguage: "nl", configured: "en" })).toBe("fr");
    expect(resolveStaffLocale({ account: null, acceptLanguage: "nl-BE", configured: "fr" })).toBe("nl");
    expect(resolveStaffLocale({ account: null, acceptLanguage: "de", configured: "fr" })).toBe("fr");
    expect(resolveStaffLocale({ account: "xx", acceptLanguage: null })).toBe("en");
  });

  it("reads HERALD_DEFAULT_LOCALE and names a wrong one", () => {
    expect(configuredDefaultLocale({ HERALD_DEFAULT_LOCALE: "NL" })).toBe("nl");
    expect(configuredDefaultLocale({})).toBe("en");
    expect(localeProblem(undefined)).toBeNull();
    expect(localeProblem("fr")).toBeNull();
    expect(localeProblem("de")).toMatch(/HERALD_DEFAULT_LOCALE "de" is not a language Herald speaks: use en, nl, fr/);
  });
});

describe("dates and numbers per staff language", () => {
  // 1 December 2026, 10:30 in Paris (the staff time zone of the test environment's default).
  const day = new Date("2026-12-01T09:30:00Z");

  it("writes days as each language does (Intl's own output, ICU of Node 20)", () => {
    expect(formatDate(day, "en")).toBe("1 Dec 2026");
    expect(formatDate(day, "nl")).toBe("1 dec 2026");
    expect(formatDate(day, "fr")).toBe("1 déc. 2026");
    expect(formatDateTime(day, "fr")).toBe("1 déc. 2026, 10:30");
    expect(formatDateTime(day, "nl", { seconds: true })).toBe("1 dec 2026, 10:30:00");
  });

  it("groups thousands and writes sizes per language", () => {
    expect([formatNumber(4939, "en"), formatNumber(4939, "nl"), formatNumber(4939, "fr")]).toEqual(["4,939", "4.939", "4\u202f939"]);
    expect(formatBytes(1536, "en")).toBe("1.5 KB");
    expect(formatBytes(1536, "nl")).toBe("1,5 KB");
    expect(formatBytes(3 * 1024 * 1024, "fr")).toBe("3,0 Mo");
    expect(formatBytes(512, "fr")).toBe("512 o");
  });
});

describe("stored channel labels", () => {
  it("has a catalogue key for every label the status model can store", () => {
    const stored = [...Object.values(CHANNEL_LABELS).flatMap((labels) => Object.keys(labels)), PROVIDER_UNAVAILABLE_LABEL];
    expect(stored.filter((label) => channelLabelKey(label) === null)).toEqual([]);
    expect(channelLabelKey("Not sent")).toBe("NotSent");
    expect(channelLabelKey("Something from older data")).toBeNull();
  });
});
