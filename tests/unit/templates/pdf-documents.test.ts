import { describe, expect, it } from "vitest";
import { mm, PdfWriter } from "@/lib/templates/pdf/writer";
import { renderMessage } from "@/lib/templates/render";
import { readPdf } from "../../support/pdf-text";
import { CUSTOMER, ISSUED_AT, sampleInput } from "./samples";

// Letters and e-invoice PDFs read back with pdf-lib: A4, one page, metadata fixed by the
// input, and the recipient's address where a DL/C5 right-hand window shows it.

const A4 = { width: 595.28, height: 841.89 };
const WINDOW = { left: mm(100), right: mm(200), top: mm(50), bottom: mm(95) };

async function letter(overrides: Partial<Parameters<typeof renderMessage>[0]> = {}) {
  const message = await renderMessage({ ...sampleInput("invoice", "post", "fr"), ...overrides });
  return { message, pdf: await readPdf(message.documents[0]!.content) };
}

describe("letter (post)", () => {
  it("is a one-page A4 PDF with fixed metadata", async () => {
    const { message, pdf } = await letter();
    const document = message.documents[0]!;
    expect(new TextDecoder().decode(document.content.slice(0, 5))).toBe("%PDF-");
    expect(document).toMatchObject({ filename: "letter-invoice-INV-2026-000123.pdf", contentType: "application/pdf" });
    expect(pdf.pageCount).toBe(1);
    expect(pdf.sizes[0]!.width).toBeCloseTo(A4.width, 1);
    expect(pdf.sizes[0]!.height).toBeCloseTo(A4.height, 1);
    expect(pdf.title).toBe(message.subject);
    expect(pdf.producer).toBe("Herald");
  });

  it("puts the recipient's address inside the envelope window, and nothing else there", async () => {
    const { pdf } = await letter();
    const inWindow = pdf.runs.filter((run) => {
      const fromTop = A4.height - run.y;
      return run.x >= WINDOW.left && run.x <= WINDOW.right && fromTop >= WINDOW.top && fromTop <= WINDOW.bottom;
    });
    expect(inWindow.map((run) => run.text)).toEqual([
      "Helios Énergie SAS · 12 rue de la Lumière · 69002 Lyon",
      CUSTOMER.name,
      "14 avenue Jean Jaurès",
      "Bâtiment B",
      "69007 LYON",
    ]);
  });

  it("writes the country on the last line for an address abroad", async () => {
    const { pdf } = await letter({
      customer: { ...CUSTOMER, postalAddress: { line1: "Rue Neuve 1", postalCode: "1000", city: "Bruxelles", country: "be" } },
    });
    expect(pdf.text).toContain("1000 Bruxelles\nBELGIQUE");
  });

  it("prints the letter's text: sender, date from issuedAt, subject, amounts, sign-off", async () => {
    const { pdf, message } = await letter();
    expect(pdf.text).toContain("Lyon, le 2 mars 2026");
    expect(pdf.text).toContain(`Objet : ${message.subject}`);
    expect(pdf.text.replaceAll("\u00a0", " ")).toContain("1 265,45 €");
    expect(pdf.text).toContain("Cordialement,");
    expect(message.bodyText.replace(/[\u00a0\u202f]/g, " ")).toContain("Montant à régler : 1 265,45 €");
  });

  it("keeps names outside the PDF fonts' character set readable instead of failing", async () => {
    const { pdf } = await letter({
      customer: { ...CUSTOMER, name: "Łukasz Żółć 東京", postalAddress: { ...CUSTOMER.postalAddress!, name: undefined } },
    });
    expect(pdf.text).toContain("Lukasz Zólc ??");
  });

  it("breaks onto a new page when the text is longer than one page", async () => {
    const writer = await PdfWriter.create({ title: "t", subject: "s", locale: "en", createdAt: ISSUED_AT });
    for (let i = 0; i < 120; i++) writer.paragraph(`Paragraph ${i}`);
    const pdf = await readPdf(await writer.save());
    expect(pdf.pageCount).toBeGreaterThan(1);
    expect(pdf.runs.filter((run) => run.text === "Paragraph 119")[0]!.page).toBe(pdf.pageCount - 1);
  });
});

describe("e-invoice PDF", () => {
  it("is a one-page A4 rendering of the same numbers as the UBL", async () => {
    const message = await renderMessage(sampleInput("invoice", "einvoice", "en"));
    const pdf = await readPdf(message.documents[1]!.content);
    expect(pdf.pageCount).toBe(1);
    expect(pdf.sizes[0]!.width).toBeCloseTo(A4.width, 1);
    expect(pdf.title).toBe("Invoice INV-2026-000123");
    expect(pdf.text).toContain(CUSTOMER.name);
    expect(pdf.text).toContain("Total excl. VAT\n€1,070.60");
    expect(pdf.text).toContain("Total incl. VAT\n€1,265.45");
    expect(pdf.text).toContain("VAT 5.5 % (€88.10)\n€4.85");
    expect(message.bodyText).toBe("Invoice INV-2026-000123 (€1,265.45, due 1 March 2026) issued to Boulangerie Marchand SARL.");
  });
});
