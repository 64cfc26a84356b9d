import type { Db } from "@/db/client";
import type { communications } from "@/db/schema";
import { sha256Hex } from "@/db/content-hash";
import { getCustomerByReference, upsertCustomer } from "@/db/queries/customers";
import { customerLanguageForCountry } from "@/lib/templates/locale";
import { getCommunicationByIdempotencyKey, insertCommunication, lockIdempotencyKey } from "@/db/queries/communication-intake";
import { HeraldError } from "@/lib/errors";
import { parseTemplateData } from "@/lib/templates/render";
import type { CreateCommunicationBody } from "./schemas";

// POST /api/v1/communications, minus HTTP: resolve (or create) the customer, store the
// communication and its documents, honour the Idempotency-Key. The caller dispatches the
// send once this returns `created` (a replay was dispatched by the first request).

export type CreatedCommunication = { communication: typeof communications.$inferSelect; created: boolean };

export async function createCommunication(
  db: Db,
  body: CreateCommunicationBody,
  options: { idempotencyKey?: string },
): Promise<CreatedCommunication> {
  // Template data is checked before anything is written: 422 naming the field.
  parseTemplateData(body.category, body.templateData);
  const requestHash = sha256Hex(JSON.stringify(body));
  return db.transaction(async (tx) => {
    if (options.idempotencyKey) {
      await lockIdempotencyKey(tx, { key: options.idempotencyKey });
      const existing = await getCommunicationByIdempotencyKey(tx, { key: options.idempotencyKey });
      if (existing) {
        if (existing.requestHash !== requestHash) {
          throw new HeraldError(
            409,
            "idempotency_key_reused",
            `Idempotency-Key "${options.idempotencyKey}" was already used for a different request (communication ${existing.id}) — use a new key for a new communication`,
          );
        }
        return { communication: existing, created: false };
      }
    }
    const customer =
      "name" in body.customer ? await upsertCustomer(tx, inlineCustomer(body.customer)) : await getCustomerByReference(tx, body.customer);
    if (!customer) {
      throw new HeraldError(
        422,
        "unknown_customer",
        `Unknown customer reference "${body.customer.reference}" — send the customer inline (reference, name and contact details) to create it`,
      );
    }
    const communication = await insertCommunication(tx, {
      customerId: customer.id,
      subjectType: body.subject.type,
      subjectRef: body.subject.reference,
      category: body.category,
      templateData: body.templateData,
      channelOverride: body.channel,
      idempotencyKey: options.idempotencyKey,
      requestHash,
      documents: body.documents.map((file) => {
        const content = Uint8Array.from(Buffer.from(file.contentBase64, "base64"));
        return { filename: file.filename, contentType: file.contentType, content, sha256: sha256Hex(content) };
      }),
    });
    return { communication, created: true };
  });
}

function inlineCustomer(customer: Extract<CreateCommunicationBody["customer"], { name: string }>) {
  const contacts = [
    customer.email ? { channel: "email" as const, address: customer.email } : null,
    customer.mobile ? { channel: "sms" as const, address: customer.mobile } : null,
    customer.postalAddress
      ? {
          channel: "post" as const,
          address: customer.postalAddress.line1,
          postal: { ...customer.postalAddress, name: customer.postalAddress.name ?? customer.name },
        }
      : null,
    customer.einvoiceId ? { channel: "einvoice" as const, address: customer.einvoiceId } : null,
  ].filter((contact) => contact !== null);
  // A new customer without a language is written to in its country's (customers.country defaults to FR).
  return { ...customer, defaultLocale: customerLanguageForCountry(customer.country ?? "FR"), contacts };
}
