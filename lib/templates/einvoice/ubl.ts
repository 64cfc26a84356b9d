import { XMLBuilder } from "fast-xml-parser";
import type { PostalAddress } from "@/db/schema/customers";
import { toDecimal } from "../locale";
import { SENDER } from "../sender";
import type { InvoiceTotals } from "./amounts";

// UBL 2.1 Invoice / CreditNote following Peppol BIS Billing 3.0. Element order is the UBL
// schema's sequence (validators reject any other order), so the objects below are written in
// that order and the builder keeps it.

export const PEPPOL_CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
export const PEPPOL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

/** Only the country is mandatory for the buyer (BR-11); the street lines are optional. */
export type BuyerAddress = Partial<PostalAddress> & { country: string };

export type UblInput = {
  kind: "invoice" | "credit_note";
  id: string;
  issueDate: string;
  /** Invoices only: UBL 2.1 CreditNote has no header due date. */
  dueDate?: string;
  currency: string;
  note?: string;
  buyerReference: string;
  orderReference?: string;
  /** Credit notes: the invoice being corrected. */
  invoiceReference?: string;
  buyer: { name: string; endpoint: { scheme: string; value: string }; address: BuyerAddress };
  totals: InvoiceTotals;
};

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: "@_", format: true, suppressEmptyNode: true });

export function buildUbl(input: UblInput): string {
  const invoice = input.kind === "invoice";
  const amount = (minor: number) => ({ "#text": toDecimal(minor, input.currency), "@_currencyID": input.currency });
  const { totals } = input;
  const root = {
    "@_xmlns": invoice
      ? "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
      : "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "@_xmlns:cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "@_xmlns:cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cbc:CustomizationID": PEPPOL_CUSTOMIZATION_ID,
    "cbc:ProfileID": PEPPOL_PROFILE_ID,
    "cbc:ID": input.id,
    "cbc:IssueDate": input.issueDate,
    ...(invoice ? { "cbc:DueDate": input.dueDate, "cbc:InvoiceTypeCode": "380" } : { "cbc:CreditNoteTypeCode": "381" }),
    "cbc:Note": input.note,
    "cbc:DocumentCurrencyCode": input.currency,
    "cbc:BuyerReference": input.buyerReference,
    "cac:OrderReference": input.orderReference ? { "cbc:ID": input.orderReference } : undefined,
    "cac:BillingReference": input.invoiceReference ? { "cac:InvoiceDocumentReference": { "cbc:ID": input.invoiceReference } } : undefined,
    "cac:AccountingSupplierParty": { "cac:Party": sellerParty() },
    "cac:AccountingCustomerParty": { "cac:Party": buyerParty(input.buyer) },
    "cac:PaymentMeans": {
      // 58 = SEPA credit transfer (UNCL4461); the payment id lets the bank match it.
      "cbc:PaymentMeansCode": "58",
      "cbc:PaymentID": input.id,
      "cac:PayeeFinancialAccount": { "cbc:ID": SENDER.iban, "cac:FinancialInstitutionBranch": { "cbc:ID": SENDER.bic } },
    },
    "cac:PaymentTerms": input.dueDate ? { "cbc:Note": `Payment due by ${input.dueDate}` } : undefined,
    "cac:TaxTotal": {
      "cbc:TaxAmount": amount(totals.taxCents),
      "cac:TaxSubtotal": totals.taxSubtotals.map((subtotal) => ({
        "cbc:TaxableAmount": amount(subtotal.taxableCents),
        "cbc:TaxAmount": amount(subtotal.taxCents),
        "cac:TaxCategory": taxCategory(subtotal.vatRate),
      })),
    },
    "cac:LegalMonetaryTotal": {
      "cbc:LineExtensionAmount": amount(totals.lineExtensionCents),
      "cbc:TaxExclusiveAmount": amount(totals.lineExtensionCents),
      "cbc:TaxInclusiveAmount": amount(totals.taxInclusiveCents),
      "cbc:PayableAmount": amount(totals.taxInclusiveCents),
    },
    [invoice ? "cac:InvoiceLine" : "cac:CreditNoteLine"]: totals.lines.map((line, index) => ({
      "cbc:ID": String(index + 1),
      // C62 = "one" (UN/ECE Rec 20): quantities are counts of the billed item.
      [invoice ? "cbc:InvoicedQuantity" : "cbc:CreditedQuantity"]: { "#text": String(line.quantity), "@_unitCode": "C62" },
      "cbc:LineExtensionAmount": amount(line.netCents),
      "cac:Item": { "cbc:Name": line.description, "cac:ClassifiedTaxCategory": taxCategory(line.vatRate) },
      "cac:Price": { "cbc:PriceAmount": amount(line.unitPriceCents) },
    })),
  };
  const document = { "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" }, [invoice ? "Invoice" : "CreditNote"]: root };
  return builder.build(document) as string;
}

function sellerParty() {
  return {
    "cbc:EndpointID": { "#text": SENDER.siret, "@_schemeID": "0009" },
    "cac:PartyName": { "cbc:Name": SENDER.name },
    "cac:PostalAddress": {
      "cbc:StreetName": SENDER.address.line1,
      "cbc:CityName": SENDER.address.city,
      "cbc:PostalZone": SENDER.address.postalCode,
      "cac:Country": { "cbc:IdentificationCode": SENDER.address.country },
    },
    "cac:PartyTaxScheme": { "cbc:CompanyID": SENDER.vatNumber, "cac:TaxScheme": { "cbc:ID": "VAT" } },
    "cac:PartyLegalEntity": { "cbc:RegistrationName": SENDER.name, "cbc:CompanyID": { "#text": SENDER.siren, "@_schemeID": "0002" } },
    "cac:Contact": { "cbc:ElectronicMail": SENDER.email },
  };
}

function buyerParty(buyer: UblInput["buyer"]) {
  // A SIRET endpoint (Chorus Pro, French companies) also gives the buyer's SIREN legal id.
  const siren = buyer.endpoint.scheme === "0009" ? buyer.endpoint.value.slice(0, 9) : undefined;
  return {
    "cbc:EndpointID": { "#text": buyer.endpoint.value, "@_schemeID": buyer.endpoint.scheme },
    "cac:PartyName": { "cbc:Name": buyer.name },
    "cac:PostalAddress": {
      "cbc:StreetName": buyer.address.line1,
      "cbc:AdditionalStreetName": buyer.address.line2,
      "cbc:CityName": buyer.address.city,
      "cbc:PostalZone": buyer.address.postalCode,
      "cac:Country": { "cbc:IdentificationCode": buyer.address.country.toUpperCase() },
    },
    "cac:PartyLegalEntity": {
      "cbc:RegistrationName": buyer.name,
      "cbc:CompanyID": siren ? { "#text": siren, "@_schemeID": "0002" } : undefined,
    },
  };
}

// S = standard rate; a 0 % line is Z (zero rated), which BR-Z rules require to be 0.
function taxCategory(vatRate: number) {
  return { "cbc:ID": vatRate > 0 ? "S" : "Z", "cbc:Percent": String(vatRate), "cac:TaxScheme": { "cbc:ID": "VAT" } };
}
