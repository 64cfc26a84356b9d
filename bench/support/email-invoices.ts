import type { Db } from "@/db/client";
import { insertCommunication } from "@/db/queries/communication-intake";
import { contactPoints, customers } from "@/db/schema";

// The sending benchmarks' workload: customers with one e-mail address each, and invoice
// communications spread over them, named after the benchmark (`tag`: BENCH, FAILOVER).

export async function createEmailCustomers(db: Db, params: { count: number; tag: string; alternateLocales?: boolean }): Promise<string[]> {
  const { count, tag } = params;
  const name = `${tag[0]}${tag.slice(1).toLowerCase()} customer`;
  const rows = await db
    .insert(customers)
    .values(
      Array.from({ length: count }, (_, i) => ({
        externalRef: `${tag}-${i}`,
        name: `${name} ${i}`,
        ...(params.alternateLocales ? { locale: i % 2 ? "fr" : "en" } : {}),
      })),
    )
    .returning({ id: customers.id });
  await db
    .insert(contactPoints)
    .values(
      rows.map((row, i) => ({ customerId: row.id, channel: "email" as const, address: `customer${i}@${tag.toLowerCase()}.example` })),
    );
  return rows.map((row) => row.id);
}

/** The `index`-th invoice of the run, for one of `customerIds` in turn. */
export async function createInvoice(db: Db, params: { customerIds: readonly string[]; index: number; tag: string }): Promise<string> {
  const { customerIds, index, tag } = params;
  const communication = await insertCommunication(db, {
    customerId: customerIds[index % customerIds.length]!,
    subjectType: "invoice",
    subjectRef: `INV-${tag}-${String(index).padStart(6, "0")}`,
    category: "invoice",
    templateData: {
      invoiceNumber: `INV-${tag}-${index}`,
      amountCents: 10_000 + index,
      currency: "EUR",
      issueDate: "2026-11-01",
      dueDate: "2026-11-30",
    },
  });
  return communication.id;
}
