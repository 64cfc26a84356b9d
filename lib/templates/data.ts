import { z } from "zod";
import { computeTotals } from "./einvoice/amounts";
import { formatMoney } from "./locale";
import type { Category } from "@/lib/status";

// The template data the billing platform sends per category. The platform API validates
// request bodies with these schemas and documents them in its OpenAPI spec, so every field
// says what it means. Objects are strict: a misspelt field is an error, not a silent blank.

const isoDate = z.iso.date().describe("Calendar date, YYYY-MM-DD");
const dateOrTimestamp = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);
const cents = z.int().describe("Amount in the currency's minor unit (cents for EUR), VAT included");
const url = z.url({ protocol: /^https?$/ });

const currency = z
  .string()
  .regex(/^[A-Z]{3}$/, "expected an ISO 4217 code in capitals, e.g. EUR")
  .refine(isKnownCurrency, "unknown ISO 4217 currency code")
  .default("EUR")
  .describe("ISO 4217 currency code");

const line = z.strictObject({
  description: z.string().trim().min(1).max(200),
  quantity: z.number().positive().multipleOf(0.001).default(1),
  unitPriceCents: z.int().nonnegative().describe("Unit price excluding VAT, in minor units"),
  vatRate: z.number().min(0).max(100).describe("VAT rate in percent, e.g. 20 or 5.5"),
});

const lines = z
  .array(line)
  .min(1)
  .max(500)
  .optional()
  .describe("Invoice lines; required for e-invoices. Their total including VAT must equal amountCents");

const invoiceFields = {
  invoiceNumber: z.string().trim().min(1).max(60).optional().describe("Defaults to the subject reference"),
  amountCents: cents,
  currency,
  issueDate: isoDate,
  dueDate: isoDate,
  lines,
  paymentUrl: url.optional().describe("Where the customer views and pays the invoice online"),
  purchaseOrder: z.string().trim().min(1).max(60).optional().describe("The buyer's order reference"),
};

const invoice = z.strictObject(invoiceFields).superRefine(checkLinesTotal);

const reminder = z
  .strictObject({
    ...invoiceFields,
    level: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .default(1)
      .describe("1 first reminder, 2 second, 3 final notice"),
    daysOverdue: z.int().nonnegative().optional().describe("Defaults to the days between dueDate and the send date"),
  })
  .superRefine(checkLinesTotal);

const paymentConfirmation = z.strictObject({
  invoiceNumber: z.string().trim().min(1).max(60).optional().describe("Defaults to the subject reference"),
  amountCents: cents.positive(),
  currency,
  paidAt: dateOrTimestamp.describe("Date (YYYY-MM-DD) or timestamp of the payment"),
  method: z.enum(["card", "transfer", "direct_debit", "cheque", "cash"]).optional(),
});

const statement = z.strictObject({
  period: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, "expected a month as YYYY-MM")
    .describe("The month the statement covers, YYYY-MM"),
  balanceCents: z.int().describe("Open balance at the end of the period, in minor units (negative = in the customer's favour)"),
  currency,
  openInvoices: z.int().nonnegative().optional(),
  statementUrl: url.optional(),
});

const contract = z.strictObject({
  contractNumber: z.string().trim().min(1).max(60).optional().describe("Defaults to the subject reference"),
  action: z.enum(["signature", "renewal", "change"]),
  startDate: isoDate,
  endDate: isoDate.optional(),
  contractUrl: url.optional().describe("Where the customer reviews (and signs) the contract"),
});

const creditNote = z
  .strictObject({
    creditNoteNumber: z.string().trim().min(1).max(60).optional().describe("Defaults to the subject reference"),
    invoiceNumber: z.string().trim().min(1).max(60).describe("The invoice this credit note corrects"),
    amountCents: cents.positive().describe("Amount credited, VAT included, in minor units"),
    currency,
    issueDate: isoDate,
    reason: z.string().trim().min(1).max(300).optional(),
    lines,
  })
  .superRefine(checkLinesTotal);

const welcome = z.strictObject({
  customerNumber: z.string().trim().min(1).max(60).optional().describe("Defaults to the customer's reference"),
  portalUrl: url.optional().describe("Customer portal where preferences can be changed"),
});

const SCHEMAS = {
  invoice,
  reminder,
  payment_confirmation: paymentConfirmation,
  statement,
  contract,
  credit_note: creditNote,
  welcome,
} satisfies Record<Category, z.ZodType>;

export type TemplateData = { [C in Category]: z.output<(typeof SCHEMAS)[C]> };

/** The schema of a category's template data (zod 4; the platform API's request bodies use it). */
export function templateDataSchema<C extends Category>(category: C): (typeof SCHEMAS)[C] {
  return SCHEMAS[category];
}

function checkLinesTotal(data: { lines?: z.output<typeof line>[]; amountCents: number; currency: string }, ctx: z.RefinementCtx): void {
  if (!data.lines) return;
  const total = computeTotals(data.lines).taxInclusiveCents;
  if (total === data.amountCents) return;
  ctx.addIssue({
    code: "custom",
    path: ["amountCents"],
    message: `is ${data.amountCents} but the lines total ${total} including VAT (${formatMoney(total, data.currency, "en")}): send the lines' total or correct the lines`,
  });
}

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

function isKnownCurrency(code: string): boolean {
  return CURRENCIES.has(code);
}
