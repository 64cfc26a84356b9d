import { describe, expect, it } from "vitest";
import { customerLanguageForCountry, formatDate, formatMoney, resolveTemplateLocale, toDecimal } from "@/lib/templates/locale";
import { readPdf } from "../../support/pdf-text";
import { renderMessage } from "@/lib/templates/render";
import { countSmsSegments, toSmsText } from "@/lib/templates/sms";
import { sampleInput } from "./samples";

describe("SMS segments", () => {
  it.each([
    ["160 GSM-7 characters → 1 segment", "a".repeat(160), 1, "GSM-7"],
    ["161 → 2 segments of 153", "a".repeat(161), 2, "GSM-7"],
    ["306 → 2, 307 → 3", "a".repeat(307), 3, "GSM-7"],
    ["€ takes two GSM-7 septets", `${"a".repeat(159)}€`, 2, "GSM-7"],
    ["é and è are GSM-7", "échéance réglée à Genève", 1, "GSM-7"],
    ["one ç makes it UCS-2", "reçu", 1, "UCS-2"],
    ["71 UCS-2 characters → 2 segments", `ç${"a".repeat(70)}`, 2, "UCS-2"],
  ] as const)("%s", (_case, text, segments, encoding) => {
    expect(countSmsSegments(text)).toEqual({ segments, encoding });
  });

  it("turns Intl's no-break spaces into spaces so French amounts stay GSM-7", () => {
    const amount = formatMoney(123456, "EUR", "fr");
    expect(countSmsSegments(amount).encoding).toBe("UCS-2");
    expect(toSmsText(amount)).toBe("1 234,56 €");
    expect(countSmsSegments(toSmsText(amount)).encoding).toBe("GSM-7");
  });

  it("keeps the longest SMS (final notice in French, long payment link) within 2 GSM-7 segments", async () => {
    const input = sampleInput("reminder", "sms", "fr");
    const message = await renderMessage({
      ...input,
      data: {
        ...(input.data as object),
        level: 3,
        paymentUrl: `https://pay.helios-energie.example/i/INV-2026-000098?token=${"x".repeat(40)}`,
      },
    });
    expect(message.bodyText).toContain("Dernier rappel avant recouvrement");
    expect(message.sms).toEqual({ segments: 2, encoding: "GSM-7" });
  });

  it("keeps the Dutch final notice with a long payment link within 2 GSM-7 segments", async () => {
    const input = sampleInput("reminder", "sms", "nl");
    const message = await renderMessage({
      ...input,
      data: {
        ...(input.data as object),
        level: 3,
        paymentUrl: `https://pay.helios-energie.example/i/INV-2026-000098?token=${"x".repeat(40)}`,
      },
    });
    expect(message.bodyText).toContain("Laatste aanmaning");
    expect(message.sms).toEqual({ segments: 2, encoding: "GSM-7" });
  });
});

describe("locale formatting", () => {
  it.each([
    ["fr", "fr"],
    ["fr-FR", "fr"],
    ["FR_be", "fr"],
    ["en-GB", "en"],
    ["nl", "nl"],
    ["nl-BE", "nl"],
    ["NL_nl", "nl"],
    ["de", "en"],
    ["", "en"],
  ])("locale %j → %s", (locale, expected) => {
    expect(resolveTemplateLocale(locale)).toBe(expected);
  });

  it.each([
    ["FR", "fr"],
    ["lu", "fr"],
    ["BE", "nl"],
    ["NL", "nl"],
    ["DE", "en"],
    ["GB", "en"],
    ["", "en"],
    [null, "en"],
  ] as const)("a customer in %j is written to in %s unless their language is set", (country, expected) => {
    expect(customerLanguageForCountry(country)).toBe(expected);
  });

  it("formats amounts per locale and currency minor unit", () => {
    expect(formatMoney(123456, "EUR", "fr")).toBe("1\u202f234,56\u00a0€");
    expect(formatMoney(123456, "EUR", "en")).toBe("€1,234.56");
    expect(formatMoney(123456, "EUR", "nl")).toBe("€\u00a01.234,56");
    expect(formatMoney(-5, "EUR", "en")).toBe("-€0.05");
    expect(formatMoney(1500, "JPY", "en")).toBe("JP¥1,500");
    expect(toDecimal(123456, "EUR")).toBe("1234.56");
    expect(toDecimal(-5, "EUR")).toBe("-0.05");
    expect(toDecimal(1500, "JPY")).toBe("1500");
    expect(toDecimal(1500, "BHD")).toBe("1.500");
  });

  it("formats calendar dates as written, timestamps in the sender's time zone", () => {
    expect(formatDate("2026-01-15", "fr")).toBe("15 janvier 2026");
    expect(formatDate("2026-01-15", "en")).toBe("15 January 2026");
    expect(formatDate("2026-01-15", "nl")).toBe("15 januari 2026");
    expect(formatDate(new Date("2026-01-15T23:30:00Z"), "en")).toBe("16 January 2026");
  });
});

describe("e-invoice in the customer's language", () => {
  it("writes the readable PDF in Dutch, and the UBL the same as in English", async () => {
    const [dutch, english] = await Promise.all(["nl-BE", "en"].map((locale) => renderMessage(sampleInput("invoice", "einvoice", locale))));
    const pdf = await readPdf(dutch!.documents.find((document) => document.contentType === "application/pdf")!.content);
    expect(pdf.text).toContain("Factuur INV-2026-000123");
    expect(pdf.text).toContain("Totaal incl. btw");
    expect(pdf.text).not.toContain("Total incl. VAT");
    const ubl = (message: typeof dutch) => message!.documents.find((document) => document.contentType === "application/xml")!.sha256;
    expect(ubl(dutch)).toBe(ubl(english));
  });
});
