import { formatMoney, formatPercent, formatQuantity, type TemplateLocale } from "../locale";
import { addressLines } from "../pdf/letter";
import { MARGIN, mm, PdfWriter } from "../pdf/writer";
import { SENDER } from "../sender";
import type { UblInput } from "./ubl";

// The human-readable rendering of the UBL document: same numbers, laid out as the invoice or
// credit note a person expects, in the customer's language (the UBL itself is language-neutral
// as Peppol BIS requires), with the French mandatory mentions on late payment.

const LABELS = {
  en: {
    invoice: "Invoice",
    credit_note: "Credit note",
    billedTo: "Billed to",
    issueDate: "Issue date",
    dueDate: "Due date",
    corrects: "Corrects invoice",
    order: "Order reference",
    columns: ["Description", "Qty", "Unit price", "VAT", "Net"],
    net: "Total excl. VAT",
    vat: "VAT",
    total: "Total incl. VAT",
    payment: `Payment by bank transfer to IBAN ${SENDER.iban} (BIC ${SENDER.bic}), quoting the document number.`,
    legal: "Late payment: interest at three times the French legal rate and a fixed recovery fee of €40 (Code de commerce L441-10).",
  },
  fr: {
    invoice: "Facture",
    credit_note: "Avoir",
    billedTo: "Facturé à",
    issueDate: "Date d'émission",
    dueDate: "Échéance",
    corrects: "Facture corrigée",
    order: "Référence de commande",
    columns: ["Désignation", "Qté", "Prix unitaire", "TVA", "Montant HT"],
    net: "Total HT",
    vat: "TVA",
    total: "Total TTC",
    payment: `Règlement par virement sur l'IBAN ${SENDER.iban} (BIC ${SENDER.bic}) en rappelant le numéro du document.`,
    legal:
      "Pénalités de retard : trois fois le taux d'intérêt légal ; indemnité forfaitaire pour frais de recouvrement : 40 € (art. L441-10 du Code de commerce).",
  },
  nl: {
    invoice: "Factuur",
    credit_note: "Creditnota",
    billedTo: "Gefactureerd aan",
    issueDate: "Uitgiftedatum",
    dueDate: "Vervaldatum",
    corrects: "Corrigeert factuur",
    order: "Bestelreferentie",
    columns: ["Omschrijving", "Aantal", "Eenheidsprijs", "Btw", "Netto"],
    net: "Totaal excl. btw",
    vat: "Btw",
    total: "Totaal incl. btw",
    payment: `Betaling via overschrijving op IBAN ${SENDER.iban} (BIC ${SENDER.bic}) met vermelding van het documentnummer.`,
    legal:
      "Laattijdige betaling: interest tegen driemaal de Franse wettelijke rentevoet en een forfaitaire invorderingsvergoeding van € 40 (Code de commerce L441-10).",
  },
} as const;

export async function renderInvoicePdf(
  input: UblInput,
  locale: TemplateLocale,
  issuedAt: Date,
  dateOf: (iso: string) => string,
): Promise<Uint8Array> {
  const text = LABELS[locale];
  const title = `${text[input.kind]} ${input.id}`;
  const money = (minor: number) => formatMoney(minor, input.currency, locale);
  const pdf = await PdfWriter.create({ title, subject: `${title} — ${input.buyer.name}`, locale, createdAt: issuedAt });

  pdf.textAt(SENDER.name, MARGIN, mm(15), { size: 12, bold: true });
  [
    SENDER.address.line1,
    `${SENDER.address.postalCode} ${SENDER.address.city}`,
    `SIRET ${SENDER.siret} · ${text.vat} ${SENDER.vatNumber}`,
  ].forEach((line, index) => pdf.textAt(line, MARGIN, mm(21) + index * 11, { size: 8.5, grey: true }));
  pdf.textAt(text.billedTo, mm(110), mm(15), { size: 8.5, grey: true });
  addressLines(input.buyer.address, input.buyer.name).forEach((line, index) =>
    pdf.textAt(line, mm(110), mm(20) + index * 12, { size: 10 }),
  );
  pdf.textAt(`${input.buyer.endpoint.scheme}:${input.buyer.endpoint.value}`, mm(110), mm(20) + 5 * 12, { size: 8.5, grey: true });

  pdf.y = mm(55);
  pdf.paragraph(title, { size: 16, bold: true, after: 6 });
  const facts: [string, string | undefined][] = [
    [text.issueDate, dateOf(input.issueDate)],
    [text.dueDate, input.dueDate && dateOf(input.dueDate)],
    [text.corrects, input.invoiceReference],
    [text.order, input.orderReference],
  ];
  for (const [label, value] of facts)
    if (value)
      pdf.row([
        { text: label, x: MARGIN, width: mm(45) },
        { text: value, x: MARGIN + mm(45), width: mm(80) },
      ]);
  pdf.y += 10;

  const columns = [
    { x: MARGIN, width: mm(78) },
    { x: MARGIN + mm(80), width: mm(15), align: "right" as const },
    { x: MARGIN + mm(97), width: mm(28), align: "right" as const },
    { x: MARGIN + mm(127), width: mm(16), align: "right" as const },
    { x: MARGIN + mm(145), width: mm(25), align: "right" as const },
  ];
  pdf.row(
    columns.map((column, index) => ({ ...column, text: text.columns[index]! })),
    { bold: true, size: 9 },
  );
  pdf.rule();
  for (const line of input.totals.lines) {
    const cells = [
      line.description,
      formatQuantity(line.quantity, locale),
      money(line.unitPriceCents),
      formatPercent(line.vatRate, locale),
      money(line.netCents),
    ];
    pdf.row(
      columns.map((column, index) => ({ ...column, text: cells[index]! })),
      { size: 9 },
    );
  }
  pdf.rule();

  const totalRow = (label: string, value: string, bold = false) =>
    pdf.row(
      [
        { text: label, x: MARGIN + mm(90), width: mm(50) },
        { text: value, x: MARGIN + mm(140), width: mm(30), align: "right" },
      ],
      { bold },
    );
  totalRow(text.net, money(input.totals.lineExtensionCents));
  for (const subtotal of input.totals.taxSubtotals) {
    totalRow(`${text.vat} ${formatPercent(subtotal.vatRate, locale)} (${money(subtotal.taxableCents)})`, money(subtotal.taxCents));
  }
  totalRow(text.total, money(input.totals.taxInclusiveCents), true);
  pdf.y += 16;

  if (input.note) pdf.paragraph(input.note, { size: 9 });
  if (input.kind === "invoice") pdf.paragraph(text.payment, { size: 9 });
  pdf.paragraph(text.legal, { size: 8, grey: true });
  return pdf.save();
}
