import fc from "fast-check";
import { XMLParser } from "fast-xml-parser";
import { stdnum } from "stdnum";
import { describe, expect, it } from "vitest";
import { computeTotals, type InvoiceLine } from "@/lib/templates/einvoice/amounts";
import { buildUbl, PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID } from "@/lib/templates/einvoice/ubl";
import { renderMessage } from "@/lib/templates/render";
import { readPdf } from "../../support/pdf-text";
import { CUSTOMER, sampleInput } from "./samples";

// The e-invoice is checked by reading the XML back: the Peppol BIS 3.0 header, both parties
// with their endpoints, and totals that add up the way EN 16931's business rules require.

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  parseTagValue: false,
  isArray: (name) => ["cac:InvoiceLine", "cac:CreditNoteLine", "cac:TaxSubtotal"].includes(name),
});
const orderedParser = new XMLParser({ preserveOrder: true, ignoreAttributes: true });
// stdnum types its country table as an open record; these validators ship with stdnum@1.12.
const { FR } = stdnum as Required<Pick<typeof stdnum, "FR">>;
const siret = FR.siret!;
const tva = FR.tva!;

// Parsed XML is shaped by the document, not by a type: the assertions are the type check.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Xml = Record<string, any>;

type Amount = { "#text": string; "@_currencyID": string };
const cents = (amount: Amount) => Math.round(Number(amount["#text"]) * 100);

async function renderUbl(category: "invoice" | "credit_note", overrides: Partial<Parameters<typeof renderMessage>[0]> = {}) {
  const message = await renderMessage({ ...sampleInput(category, "einvoice", "fr"), ...overrides });
  const xml = new TextDecoder().decode(message.documents[0]!.content);
  return { message, xml, doc: parser.parse(xml) };
}

function expectTotalsAddUp(root: Xml, lineTag: string, payableCents: number) {
  const lines: Xml[] = root[lineTag];
  const lineNets = lines.map((line) => cents(line["cbc:LineExtensionAmount"]));
  const monetary = root["cac:LegalMonetaryTotal"];
  const sumOfLines = lineNets.reduce((a, b) => a + b, 0);
  expect(cents(monetary["cbc:LineExtensionAmount"])).toBe(sumOfLines); // BR-CO-10
  expect(cents(monetary["cbc:TaxExclusiveAmount"])).toBe(sumOfLines);
  const subtotals: Xml[] = root["cac:TaxTotal"]["cac:TaxSubtotal"];
  for (const subtotal of subtotals) {
    const rate = subtotal["cac:TaxCategory"]["cbc:Percent"];
    const taxable = lines
      .filter((line) => line["cac:Item"]["cac:ClassifiedTaxCategory"]["cbc:Percent"] === rate)
      .map((line) => cents(line["cbc:LineExtensionAmount"]));
    expect(cents(subtotal["cbc:TaxableAmount"])).toBe(taxable.reduce((a, b) => a + b, 0)); // BR-S-08
    expect(Math.abs(cents(subtotal["cbc:TaxAmount"]) - (cents(subtotal["cbc:TaxableAmount"]) * Number(rate)) / 100)).toBeLessThanOrEqual(
      0.5,
    );
  }
  const tax = cents(root["cac:TaxTotal"]["cbc:TaxAmount"]);
  expect(tax).toBe(subtotals.reduce((total, subtotal) => total + cents(subtotal["cbc:TaxAmount"]), 0)); // BR-CO-14
  expect(cents(monetary["cbc:TaxInclusiveAmount"])).toBe(sumOfLines + tax); // BR-CO-15
  expect(cents(monetary["cbc:PayableAmount"])).toBe(payableCents);
}

describe("UBL invoice (Peppol BIS Billing 3.0)", () => {
  it("carries the BIS 3.0 header, both parties and their endpoints", async () => {
    const { doc } = await renderUbl("invoice");
    const invoice = doc.Invoice;
    expect(invoice["@_xmlns"]).toBe("urn:oasis:names:specification:ubl:schema:xsd:Invoice-2");
    expect(invoice["cbc:CustomizationID"]).toBe(PEPPOL_CUSTOMIZATION_ID);
    expect(invoice["cbc:ProfileID"]).toBe(PEPPOL_PROFILE_ID);
    expect(invoice["cbc:ID"]).toBe("INV-2026-000123");
    expect(invoice["cbc:IssueDate"]).toBe("2026-02-01");
    expect(invoice["cbc:DueDate"]).toBe("2026-03-01");
    expect(invoice["cbc:InvoiceTypeCode"]).toBe("380");
    expect(invoice["cbc:DocumentCurrencyCode"]).toBe("EUR");
    expect(invoice["cbc:BuyerReference"]).toBe(CUSTOMER.reference);

    const seller = invoice["cac:AccountingSupplierParty"]["cac:Party"];
    expect(seller["cbc:EndpointID"]["@_schemeID"]).toBe("0009");
    expect(siret.validate(seller["cbc:EndpointID"]["#text"]).isValid).toBe(true);
    expect(tva.validate(seller["cac:PartyTaxScheme"]["cbc:CompanyID"]).isValid).toBe(true);
    expect(seller["cac:PartyLegalEntity"]["cbc:RegistrationName"]).toBe("Helios Énergie SAS");
    expect(seller["cac:PostalAddress"]["cac:Country"]["cbc:IdentificationCode"]).toBe("FR");

    const buyer = invoice["cac:AccountingCustomerParty"]["cac:Party"];
    expect(buyer["cbc:EndpointID"]).toEqual({ "#text": "73282932000074", "@_schemeID": "0009" });
    expect(buyer["cac:PartyLegalEntity"]["cbc:RegistrationName"]).toBe(CUSTOMER.name);
    expect(buyer["cac:PostalAddress"]["cbc:CityName"]).toBe("Lyon");
    expect(buyer["cac:PostalAddress"]["cac:Country"]["cbc:IdentificationCode"]).toBe("FR");
    expect(invoice["cac:PaymentMeans"]["cac:PayeeFinancialAccount"]["cbc:ID"]).toMatch(/^FR\d{25}$/);
  });

  it("has line totals that sum to the tax-exclusive amount and tax totals that match, per VAT rate", async () => {
    const { doc } = await renderUbl("invoice");
    expect(doc.Invoice["cac:InvoiceLine"]).toHaveLength(3);
    expect(doc.Invoice["cac:TaxTotal"]["cac:TaxSubtotal"].map((s: Xml) => s["cac:TaxCategory"]["cbc:ID"])).toEqual(["S", "S", "Z"]);
    expectTotalsAddUp(doc.Invoice, "cac:InvoiceLine", 126545);
  });

  it("writes the header elements in the UBL schema's sequence", async () => {
    const { xml } = await renderUbl("invoice");
    const root = orderedParser.parse(xml).find((node: Record<string, unknown>) => "Invoice" in node).Invoice as Record<string, unknown>[];
    const order = root.map((node) => Object.keys(node)[0]);
    expect(order.slice(0, 9)).toEqual([
      "cbc:CustomizationID",
      "cbc:ProfileID",
      "cbc:ID",
      "cbc:IssueDate",
      "cbc:DueDate",
      "cbc:InvoiceTypeCode",
      "cbc:DocumentCurrencyCode",
      "cbc:BuyerReference",
      "cac:AccountingSupplierParty",
    ]);
    const tail = ["cac:PaymentMeans", "cac:PaymentTerms", "cac:TaxTotal", "cac:LegalMonetaryTotal", "cac:InvoiceLine"];
    expect(tail.map((tag) => order.indexOf(tag))).toEqual([...tail.map((tag) => order.indexOf(tag))].sort((a, b) => a - b));
    expect(order.lastIndexOf("cac:AccountingCustomerParty")).toBeLessThan(order.indexOf("cac:PaymentMeans"));
  });

  it("uses a Peppol participant id as given and escapes text", async () => {
    const { doc, xml } = await renderUbl("invoice", {
      customer: { ...CUSTOMER, name: "Dupont & Fils <Belgique>", einvoiceId: { scheme: "0208", value: "0123456749" } },
    });
    const buyer = doc.Invoice["cac:AccountingCustomerParty"]["cac:Party"];
    expect(buyer["cbc:EndpointID"]).toEqual({ "#text": "0123456749", "@_schemeID": "0208" });
    expect(buyer["cac:PartyName"]["cbc:Name"]).toBe("Dupont & Fils <Belgique>");
    expect(xml).toContain("Dupont &amp; Fils &lt;Belgique&gt;");
    expect(buyer["cac:PartyLegalEntity"]["cbc:CompanyID"]).toBeUndefined();
  });

  it("takes the buyer's country alone when there is no postal address (the plan passes one for letters only)", async () => {
    const { doc, message } = await renderUbl("invoice", { customer: { ...CUSTOMER, postalAddress: null, country: "be" } });
    expect(doc.Invoice["cac:AccountingCustomerParty"]["cac:Party"]["cac:PostalAddress"]).toEqual({
      "cac:Country": { "cbc:IdentificationCode": "BE" },
    });
    const pdf = await readPdf(message.documents[1]!.content);
    expect(pdf.text).toContain(`Facturé à\n${CUSTOMER.name}\nBELGIQUE`);
  });

  // Builds and parses a hundred documents: the timeout allows for a busy machine.
  it("totals add up for any lines (property)", () => {
    const line = fc.record({
      description: fc.constant("Item"),
      quantity: fc.integer({ min: 1, max: 100_000 }).map((milli) => milli / 1000),
      unitPriceCents: fc.integer({ min: 0, max: 10_000_000 }),
      vatRate: fc.constantFrom(0, 2.1, 5.5, 10, 20),
    });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 20 }), (lines: InvoiceLine[]) => {
        const totals = computeTotals(lines);
        const xml = buildUbl({
          kind: "invoice",
          id: "INV-P",
          issueDate: "2026-01-01",
          dueDate: "2026-01-31",
          currency: "EUR",
          buyerReference: "B",
          buyer: {
            name: "B",
            endpoint: { scheme: "0009", value: "73282932000074" },
            address: { line1: "x", postalCode: "1", city: "y", country: "FR" },
          },
          totals,
        });
        expectTotalsAddUp(parser.parse(xml).Invoice, "cac:InvoiceLine", totals.taxInclusiveCents);
      }),
      { numRuns: 100 },
    );
  }, 30_000);
});

describe("UBL credit note", () => {
  it("is a CreditNote (381) referencing the corrected invoice, with credited lines", async () => {
    const { doc, message } = await renderUbl("credit_note");
    const note = doc.CreditNote;
    expect(doc.Invoice).toBeUndefined();
    expect(note["@_xmlns"]).toBe("urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2");
    expect(note["cbc:CustomizationID"]).toBe(PEPPOL_CUSTOMIZATION_ID);
    expect(note["cbc:CreditNoteTypeCode"]).toBe("381");
    expect(note["cbc:ID"]).toBe("CN-2026-000011");
    expect(note["cac:BillingReference"]["cac:InvoiceDocumentReference"]["cbc:ID"]).toBe("INV-2026-000123");
    expect(note["cbc:DueDate"]).toBeUndefined();
    expect(note["cac:CreditNoteLine"][0]["cbc:CreditedQuantity"]).toEqual({ "#text": "1", "@_unitCode": "C62" });
    expectTotalsAddUp(note, "cac:CreditNoteLine", 12000);
    expect(message.documents.map((document) => document.filename)).toEqual(["CN-2026-000011.xml", "CN-2026-000011.pdf"]);
  });
});
