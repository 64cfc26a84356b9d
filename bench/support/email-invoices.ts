import type { Db } from "@/db/client";
import { insertCommunication } from "@/db/queries/communication-intake";
import { contactPoints, customers } from "@/db/schema";
import type { RenderInput } from "@/lib/templates/render";

// The sending benchmarks' workload: customers with one e-mail address each, and invoice
// communications spread over them, named after the benchmark (`tag`: BENCH, FAILOVER).
// invoiceRenderInput is what the planning of the `index`-th invoice hands renderMessage,
// for floors that render the same messages without the engine.

type CustomerSpec = { tag: string; alternateLocales?: boolean };

function customerRow(params: CustomerSpec, i: number) {
  const { tag } = params;
  return {
    externalRef: `${tag}-${i}`,
    name: `${tag[0]}${tag.slice(1).toLowerCase()} customer ${i}`,
    ...(params.alternateLocales ? { locale: i % 2 ? "fr" : "en" } : {}),
  };
}

export async function createEmailCustomers(db: Db, params: CustomerSpec & { count: number }): Promise<string[]> {
  const { count, tag } = params;
  const rows = await db
    .insert(customers)
    .values(Array.from({ length: count }, (_, i) => customerRow(params, i)))
    .returning({ id: customers.id });
  await db
    .insert(contactPoints)
    .values(rows.map((row, i) => ({ customerId: row.id, channel: "email" as const, address: customerAddress(tag, i) })));
  return rows.map((row) => row.id);
}

/** The e-mail address of the `i`-th customer: the attempt's recipient. */
export function customerAddress(tag: string, i: number): string {
  return `customer${i}@${tag.toLowerCase()}.example`;
}

function invoice(tag: string, index: number) {
  return {
    subjectRef: `INV-${tag}-${String(index).padStart(6, "0")}`,
    templateData: {
      invoiceNumber: `INV-${tag}-${index}`,
      amountCents: 10_000 + index,
      currency: "EUR",
      issueDate: "2026-11-01",
      dueDate: "2026-11-30",
    },
  };
}

/** The `index`-th invoice of the run, for one of `customerIds` in turn. */
export async function createInvoice(db: Db, params: { customerIds: readonly string[]; index: number; tag: string }): Promise<string> {
  const { customerIds, index, tag } = params;
  const communication = await insertCommunication(db, {
    customerId: customerIds[index % customerIds.length]!,
    subjectType: "invoice",
    category: "invoice",
    ...invoice(tag, index),
  });
  return communication.id;
}

/** The e-mail render of the `index`-th invoice, over `customers` customers made by createEmailCustomers with `spec`. */
export function invoiceRenderInput(params: CustomerSpec & { customers: number; index: number; issuedAt: Date }): RenderInput {
  const { tag, index } = params;
  const customer = customerRow(params, index % params.customers);
  const { subjectRef, templateData } = invoice(tag, index);
  return {
    category: "invoice",
    channel: "email",
    // The communication takes the customer's locale (column default "en"), its country default "FR".
    locale: customer.locale ?? "en",
    subject: { type: "invoice", reference: subjectRef },
    customer: { name: customer.name, reference: customer.externalRef, country: "FR", postalAddress: null, einvoiceId: null },
    data: templateData,
    issuedAt: params.issuedAt,
  };
}
