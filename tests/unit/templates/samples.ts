import type { Category } from "@/lib/status";
import type { RenderInput } from "@/lib/templates/render";

// Representative template data per category, as the billing platform sends it, with the
// amount each one must show (formatted per locale) and the reference it is about.

export const ISSUED_AT = new Date("2026-03-02T09:30:00Z");

export const CUSTOMER: RenderInput["customer"] = {
  name: "Boulangerie Marchand SARL",
  reference: "CUST-000042",
  postalAddress: { line1: "14 avenue Jean Jaurès", line2: "Bâtiment B", postalCode: "69007", city: "Lyon", country: "FR" },
  einvoiceId: { scheme: "0009", value: "73282932000074" },
};

type Localised = { en: string; fr: string; nl: string };
type Sample = { subject: RenderInput["subject"]; data: unknown; amount: Localised | null; reference: string; inSubject: Localised };

export const SAMPLES: Record<Category, Sample> = {
  invoice: {
    subject: { type: "invoice", reference: "INV-2026-000123" },
    data: {
      amountCents: 126545,
      currency: "EUR",
      issueDate: "2026-02-01",
      dueDate: "2026-03-01",
      paymentUrl: "https://pay.helios-energie.example/i/INV-2026-000123",
      lines: [
        { description: "Électricité — février 2026", quantity: 1, unitPriceCents: 95000, vatRate: 20 },
        { description: "Abonnement", quantity: 2, unitPriceCents: 4405, vatRate: 5.5 },
        { description: "Contribution (CTA)", quantity: 1, unitPriceCents: 3250, vatRate: 0 },
      ],
    },
    amount: { en: "€1,265.45", fr: "1 265,45 €", nl: "€ 1.265,45" },
    reference: "INV-2026-000123",
    inSubject: { en: "INV-2026-000123", fr: "INV-2026-000123", nl: "INV-2026-000123" },
  },
  reminder: {
    subject: { type: "invoice", reference: "INV-2026-000098" },
    data: {
      amountCents: 48020,
      currency: "EUR",
      issueDate: "2026-01-05",
      dueDate: "2026-02-04",
      level: 2,
      paymentUrl: "https://pay.helios-energie.example/i/INV-2026-000098",
    },
    amount: { en: "€480.20", fr: "480,20 €", nl: "€ 480,20" },
    reference: "INV-2026-000098",
    inSubject: { en: "INV-2026-000098", fr: "INV-2026-000098", nl: "INV-2026-000098" },
  },
  payment_confirmation: {
    subject: { type: "invoice", reference: "INV-2026-000077" },
    data: { amountCents: 7990, currency: "EUR", paidAt: "2026-03-01T16:45:00+01:00", method: "card" },
    amount: { en: "€79.90", fr: "79,90 €", nl: "€ 79,90" },
    reference: "INV-2026-000077",
    inSubject: { en: "INV-2026-000077", fr: "INV-2026-000077", nl: "INV-2026-000077" },
  },
  statement: {
    subject: { type: "customer", reference: "CUST-000042" },
    data: {
      period: "2026-02",
      balanceCents: 256030,
      currency: "EUR",
      openInvoices: 3,
      statementUrl: "https://portal.helios-energie.example/statements/2026-02",
    },
    amount: { en: "€2,560.30", fr: "2 560,30 €", nl: "€ 2.560,30" },
    reference: "CUST-000042",
    inSubject: { en: "February 2026", fr: "février 2026", nl: "februari 2026" },
  },
  contract: {
    subject: { type: "contract", reference: "CTR-0042" },
    data: {
      action: "signature",
      startDate: "2026-04-01",
      endDate: "2029-03-31",
      contractUrl: "https://portal.helios-energie.example/contracts/CTR-0042",
    },
    amount: null,
    reference: "CTR-0042",
    inSubject: { en: "CTR-0042", fr: "CTR-0042", nl: "CTR-0042" },
  },
  credit_note: {
    subject: { type: "invoice", reference: "CN-2026-000011" },
    data: {
      invoiceNumber: "INV-2026-000123",
      amountCents: 12000,
      currency: "EUR",
      issueDate: "2026-03-02",
      reason: "Meter reading corrected",
      lines: [{ description: "Correction relevé compteur", quantity: 1, unitPriceCents: 10000, vatRate: 20 }],
    },
    amount: { en: "€120.00", fr: "120,00 €", nl: "€ 120,00" },
    reference: "CN-2026-000011",
    inSubject: { en: "CN-2026-000011", fr: "CN-2026-000011", nl: "CN-2026-000011" },
  },
  welcome: {
    subject: { type: "customer", reference: "CUST-000042" },
    data: { portalUrl: "https://portal.helios-energie.example/welcome" },
    amount: null,
    reference: "CUST-000042",
    inSubject: { en: "Helios Énergie SAS", fr: "Helios Énergie SAS", nl: "Helios Énergie SAS" },
  },
};

export function sampleInput(category: Category, channel: RenderInput["channel"], locale: string): RenderInput {
  const sample = SAMPLES[category];
  return { category, channel, locale, subject: sample.subject, customer: CUSTOMER, data: sample.data, issuedAt: ISSUED_AT };
}
