import { SENDER_COMPANY } from "./content";

// Small, deterministic stand-ins for the files that go out with a communication: a
// one-page PDF (valid structure, real xref offsets, opens in any viewer) and a minimal
// Peppol BIS UBL invoice for e-invoices sent over Peppol.

export type DocumentFile = { filename: string; contentType: string; content: Uint8Array };

export type DocumentFacts = {
  title: string;
  ref: string;
  customerName: string;
  issueDate: string;
  dueDate?: string;
  amount: string;
};

export function buildPdf(facts: DocumentFacts): DocumentFile {
  const lines = [
    `${facts.title} ${facts.ref}`,
    SENDER_COMPANY,
    `Customer: ${facts.customerName}`,
    `Date: ${facts.issueDate}`,
    ...(facts.dueDate ? [`Due date: ${facts.dueDate}`] : []),
    `Amount: ${facts.amount}`,
  ];
  const text = lines
    .map((line, i) => `${i === 0 ? "/F1 18 Tf" : "/F1 11 Tf"} (${pdfString(line)}) Tj 0 -${i === 0 ? 32 : 18} Td`)
    .join("\n");
  const stream = `BT 56 780 Td\n${text}\nET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return {
    filename: `${facts.ref}.pdf`,
    contentType: "application/pdf",
    content: new Uint8Array(Buffer.from(pdf, "latin1")),
  };
}

export function buildUblInvoice(facts: {
  ref: string;
  issueDate: string;
  dueDate?: string;
  currency: string;
  amount: string;
  customerName: string;
  sellerEndpoint: string;
  buyerEndpoint: string;
  creditNote: boolean;
}): DocumentFile {
  const [sellerScheme, sellerId] = facts.sellerEndpoint.split(":");
  const [buyerScheme, buyerId] = facts.buyerEndpoint.split(":");
  const body = `<?xml version="1.0" encoding="UTF-8"?>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:CustomizationID>urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0</cbc:CustomizationID>
  <cbc:ProfileID>urn:fdc:peppol.eu:2017:poacc:billing:01:1.0</cbc:ProfileID>
  <cbc:ID>${escapeXml(facts.ref)}</cbc:ID>
  <cbc:IssueDate>${facts.issueDate}</cbc:IssueDate>${facts.dueDate ? `\n  <cbc:DueDate>${facts.dueDate}</cbc:DueDate>` : ""}
  <cbc:InvoiceTypeCode>${facts.creditNote ? 381 : 380}</cbc:InvoiceTypeCode>
  <cbc:DocumentCurrencyCode>${facts.currency}</cbc:DocumentCurrencyCode>
  <cac:AccountingSupplierParty><cac:Party><cbc:EndpointID schemeID="${sellerScheme}">${sellerId}</cbc:EndpointID><cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(SENDER_COMPANY)}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingSupplierParty>
  <cac:AccountingCustomerParty><cac:Party><cbc:EndpointID schemeID="${buyerScheme}">${escapeXml(buyerId ?? "")}</cbc:EndpointID><cac:PartyLegalEntity><cbc:RegistrationName>${escapeXml(facts.customerName)}</cbc:RegistrationName></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>
  <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="${facts.currency}">${facts.amount}</cbc:PayableAmount></cac:LegalMonetaryTotal>
</Invoice>
`;
  return { filename: `${facts.ref}.xml`, contentType: "application/xml", content: new Uint8Array(Buffer.from(body, "utf8")) };
}

// Helvetica/WinAnsi covers Latin-1: keep accents, replace what it cannot show, escape
// the PDF string delimiters.
function pdfString(value: string): string {
  return value
    .replace(/[\u202f\u00a0]/g, " ")
    .replace(/€/g, "EUR")
    .replace(/[^\x20-\xff]/g, "?")
    .replace(/[\\()]/g, (c) => `\\${c}`);
}

function escapeXml(value: string): string {
  return value.replace(/[&<>"]/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : "&quot;"));
}
