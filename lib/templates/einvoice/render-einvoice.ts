import { HeraldError } from "@/lib/errors";
import type { Composition } from "../copy/types";
import type { TemplateData } from "../data";
import { documentFilename, toDocument } from "../documents";
import { formatDate, type TemplateLocale } from "../locale";
import { requirePostalAddress } from "../post";
import type { RenderInput } from "../render";
import { computeTotals } from "./amounts";
import { renderInvoicePdf } from "./invoice-pdf";
import { type BuyerAddress, buildUbl, type UblInput } from "./ubl";

export type EinvoiceDocument =
  { category: "invoice"; data: TemplateData["invoice"] } | { category: "credit_note"; data: TemplateData["credit_note"] };

/**
 * The e-invoice itself: Peppol BIS 3.0 UBL (what the access point or Chorus Pro receives)
 * and its human-readable PDF. The text is a one-line summary for the log.
 */
export async function renderEinvoice(input: RenderInput, doc: EinvoiceDocument, composition: Composition, locale: TemplateLocale) {
  const { data } = doc;
  const endpoint = input.customer.einvoiceId;
  if (!endpoint?.scheme.trim() || !endpoint.value.trim()) {
    throw new HeraldError(
      422,
      "missing_einvoice_id",
      "customer.einvoiceId is required to render an e-invoice: record the customer's Peppol participant id or SIRET, then send again",
    );
  }
  if (!data.lines) {
    throw new HeraldError(
      422,
      "invalid_template_data",
      "data.lines is required for an e-invoice (Peppol BIS 3.0 needs at least one invoice line): send the lines with the request",
    );
  }
  const header =
    doc.category === "credit_note"
      ? {
          kind: "credit_note" as const,
          id: doc.data.creditNoteNumber ?? input.subject.reference,
          note: doc.data.reason,
          invoiceReference: doc.data.invoiceNumber,
        }
      : {
          kind: "invoice" as const,
          id: doc.data.invoiceNumber ?? input.subject.reference,
          dueDate: doc.data.dueDate,
          orderReference: doc.data.purchaseOrder,
        };
  const ubl: UblInput = {
    ...header,
    issueDate: data.issueDate,
    currency: data.currency,
    // Peppol requires a buyer reference or an order reference (PEPPOL-EN16931-R003).
    buyerReference: input.customer.reference ?? input.subject.reference,
    buyer: {
      name: input.customer.name,
      endpoint: { scheme: endpoint.scheme.trim(), value: endpoint.value.trim() },
      address: buyerAddress(input.customer),
    },
    totals: computeTotals(data.lines),
  };
  const xml = new TextEncoder().encode(buildUbl(ubl));
  const pdf = await renderInvoicePdf(ubl, locale, input.issuedAt, (iso) => formatDate(iso, locale));
  return {
    subject: composition.subject,
    bodyText: composition.summary,
    bodyHtml: null,
    documents: [
      toDocument(documentFilename("", null, ubl.id, "xml"), "application/xml", xml),
      toDocument(documentFilename("", null, ubl.id, "pdf"), "application/pdf", pdf),
    ],
  };
}

// The channel plan hands over a postal address only for letters; the customer's country is
// enough for an e-invoice, which needs no street lines.
function buyerAddress(customer: RenderInput["customer"]): BuyerAddress {
  if (customer.postalAddress) return requirePostalAddress(customer.postalAddress, "an e-invoice");
  const country = customer.country?.trim() ?? "";
  if (/^[A-Za-z]{2}$/.test(country)) return { country: country.toUpperCase() };
  throw new HeraldError(
    422,
    "missing_buyer_country",
    "customer.country (or customer.postalAddress) is required to render an e-invoice: Peppol BIS 3.0 needs the buyer's country — record the customer's country (ISO 3166 code, e.g. FR)",
  );
}
