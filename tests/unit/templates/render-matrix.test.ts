import { describe, expect, it } from "vitest";
import { sha256Hex } from "@/db/content-hash";
import { categoryEnum } from "@/db/schema/enums";
import { hasTemplate, listTemplates, TEMPLATE_CHANNELS } from "@/lib/templates/registry";
import { renderMessage } from "@/lib/templates/render";
import { readPdf } from "../../support/pdf-text";
import { CUSTOMER, SAMPLES, sampleInput } from "./samples";

// Every template Herald lists renders with representative data, says what it is about in the
// customer's language, and renders byte for byte the same way twice — a different text (and
// hash) in each language.

const WORDS = {
  fr: /\b(Bonjour|Facture|facture|Votre|votre|Avoir|avoir|Bienvenue|relevé|contrat|paiement)\b/,
  en: /\b(Dear|Invoice|invoice|Your|your|Credit note|credit note|Welcome|statement|contract|payment)\b/,
  nl: /\b(Beste|Factuur|factuur|Uw|uw|Creditnota|creditnota|Welkom|rekeningoverzicht|contract|betaling)\b/,
};
// A greeting or sign-off of another language gives away a template that mixes languages.
const FOREIGN = {
  en: /\bBonjour\b|\bCordialement\b|\bBeste\b|\bMet vriendelijke groeten\b/,
  fr: /\bDear\b|\bKind regards\b|\bBeste\b|\bMet vriendelijke groeten\b/,
  nl: /\bDear\b|\bKind regards\b|\bBonjour\b|\bCordialement\b/,
};
const SIGN_OFF = { en: "Kind regards,", fr: "Cordialement,", nl: "Met vriendelijke groeten," };
const INPUT_LOCALE = { en: "en", fr: "fr-FR", nl: "nl-BE" };

// Intl writes French amounts with narrow no-break spaces; the SMS and PDF text turn them into
// plain spaces, so compare with all space kinds folded.
const fold = (text: string) => text.replace(/[\u00a0\u202f\u2009]/g, " ");

describe("template registry", () => {
  it("lists exactly one template per category × available channel × locale, each with a version", () => {
    const expected = categoryEnum.enumValues.flatMap((category) =>
      TEMPLATE_CHANNELS.filter((channel) => hasTemplate(category, channel)).flatMap((channel) =>
        ["en", "fr", "nl"].map((locale) => `${category}.${channel}.${locale}`),
      ),
    );
    const templates = listTemplates();
    expect(templates.map((template) => template.key).sort()).toEqual(expected.sort());
    for (const template of templates) {
      expect(template.key).toBe(`${template.category}.${template.channel}.${template.locale}`);
      expect(Number.isInteger(template.version) && template.version >= 1).toBe(true);
    }
  });

  it("offers e-invoices for invoices and credit notes only", () => {
    expect(categoryEnum.enumValues.filter((category) => hasTemplate(category, "einvoice"))).toEqual(["invoice", "credit_note"]);
  });
});

describe.each(listTemplates().map((template) => [template.key, template] as const))("%s", (_key, template) => {
  const input = sampleInput(template.category, template.channel, INPUT_LOCALE[template.locale]);
  const sample = SAMPLES[template.category];

  it("renders the key, version and content in the customer's language", async () => {
    const message = await renderMessage(input);
    expect(message.templateKey).toBe(template.key);
    expect(message.templateVersion).toBe(template.version);
    expect(message.locale).toBe(template.locale);
    const text = fold(message.bodyText);
    expect(text).toContain(sample.reference);
    if (sample.amount) expect(text).toContain(fold(sample.amount[template.locale]));
    expect(text).toMatch(WORDS[template.locale]);
    expect(text).not.toMatch(FOREIGN[template.locale]);

    if (template.channel === "sms") {
      expect(message.subject).toBeNull();
      expect(message.bodyHtml).toBeNull();
      expect(message.sms?.encoding).toBe("GSM-7");
      expect(message.sms?.segments).toBeLessThanOrEqual(2);
    } else {
      expect(message.subject).toContain(sample.inSubject[template.locale]);
    }
    if (template.channel === "email") {
      expect(message.bodyHtml).toMatch(/^<!DOCTYPE html/i);
      expect(message.bodyHtml).toContain(`lang="${template.locale}"`);
      expect(message.bodyHtml).toContain(sample.reference);
      if (sample.amount) expect(fold(message.bodyHtml!)).toContain(fold(sample.amount[template.locale]));
      expect(message.bodyText).toContain(SIGN_OFF[template.locale]);
    }
    if (template.channel === "post") {
      expect(message.documents).toHaveLength(1);
      const letter = await readPdf(message.documents[0]!.content);
      expect(letter.text).toContain(CUSTOMER.name);
      expect(letter.text).toContain(sample.reference);
    }
    if (template.channel === "einvoice") {
      expect(message.documents.map((document) => document.contentType)).toEqual(["application/xml", "application/pdf"]);
      expect(message.documents[0]!.filename).toBe(`${sample.reference}.xml`);
    }
  });

  it("renders byte-identical output twice (stable SHA-256 of the body and every document)", async () => {
    const first = await renderMessage(input);
    const second = await renderMessage(structuredClone(input));
    expect(sha256Hex(JSON.stringify([second.subject, second.bodyText, second.bodyHtml]))).toBe(
      sha256Hex(JSON.stringify([first.subject, first.bodyText, first.bodyHtml])),
    );
    expect(second.documents.map((document) => document.sha256)).toEqual(first.documents.map((document) => document.sha256));
    for (const document of first.documents) expect(document.sha256).toBe(sha256Hex(document.content));
  });
});

describe("one template in three languages", () => {
  it.each(listTemplates().filter((template) => template.locale === "en"))(
    "$category on $channel renders a different text and hash in each language",
    async ({ category, channel }) => {
      const rendered = await Promise.all(
        (["en", "fr", "nl"] as const).map((locale) => renderMessage(sampleInput(category, channel, INPUT_LOCALE[locale]))),
      );
      const hashes = rendered.map((message) => sha256Hex(JSON.stringify([message.subject, message.bodyText, message.bodyHtml])));
      expect(new Set(hashes).size).toBe(3);
      // Letters and readable PDFs are written in the customer's language; the e-invoice UBL is
      // the same document in every language, as Peppol BIS wants it.
      const byType = (type: string) => rendered.flatMap((message) => message.documents.filter((d) => d.contentType === type));
      const pdfs = byType("application/pdf").map((document) => document.sha256);
      expect(new Set(pdfs).size).toBe(pdfs.length);
      const ubl = byType("application/xml").map((document) => document.sha256);
      expect(new Set(ubl).size).toBe(channel === "einvoice" ? 1 : 0);
      expect(rendered.map((message) => message.locale)).toEqual(["en", "fr", "nl"]);
    },
  );
});

describe("locale fallback", () => {
  it.each([["de"], [""], ["en-US"], ["pt-BR"]])("renders locale %j in English", async (locale) => {
    const message = await renderMessage(sampleInput("invoice", "email", locale));
    expect(message.templateKey).toBe("invoice.email.en");
    expect(message.subject).toBe("Invoice INV-2026-000123 from Helios Énergie SAS");
  });

  it("changes the date printed in a letter with issuedAt, and with it the document hash", async () => {
    const march = await renderMessage(sampleInput("welcome", "post", "fr"));
    const april = await renderMessage({ ...sampleInput("welcome", "post", "fr"), issuedAt: new Date("2026-04-10T08:00:00Z") });
    expect((await readPdf(march.documents[0]!.content)).text).toContain("Lyon, le 2 mars 2026");
    expect((await readPdf(april.documents[0]!.content)).text).toContain("Lyon, le 10 avril 2026");
    expect(april.documents[0]!.sha256).not.toBe(march.documents[0]!.sha256);
  });
});
