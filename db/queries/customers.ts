import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { contactPoints, customers } from "../schema";
import type { PostalAddress } from "../schema/customers";

// Customers as the platform API addresses them: by the billing platform's own reference.

export async function getCustomerByReference(db: Db, params: { reference: string }) {
  const [row] = await db.select().from(customers).where(eq(customers.externalRef, params.reference));
  return row ?? null;
}

export type CustomerUpsert = {
  reference: string;
  name: string;
  /** The customer's language: set when given, kept otherwise. */
  locale?: string;
  /** The language a new customer gets when `locale` is not given (the caller derives it from the country). */
  defaultLocale?: string;
  country?: string;
  locationGroup?: string;
  isPublicSector?: boolean;
  contacts: { channel: "email" | "sms" | "post" | "einvoice"; address: string; postal?: PostalAddress }[];
};

/**
 * Creates the customer or updates its details; each contact given becomes the primary one
 * of its channel (an address seen before is reused, with its invalid flag cleared only if
 * it was never marked — a bounced address stays marked until staff fix it).
 */
export async function upsertCustomer(db: Db, params: CustomerUpsert) {
  return db.transaction(async (tx) => {
    const [customer] = await tx
      .insert(customers)
      .values({
        externalRef: params.reference,
        name: params.name,
        locale: params.locale ?? params.defaultLocale ?? "en",
        country: params.country ?? "FR",
        locationGroup: params.locationGroup ?? null,
        isPublicSector: params.isPublicSector ?? false,
      })
      .onConflictDoUpdate({
        target: customers.externalRef,
        set: {
          name: params.name,
          ...(params.locale ? { locale: params.locale } : {}),
          ...(params.country ? { country: params.country } : {}),
          ...(params.locationGroup ? { locationGroup: params.locationGroup } : {}),
          ...(params.isPublicSector !== undefined ? { isPublicSector: params.isPublicSector } : {}),
          updatedAt: sql`now()`,
        },
      })
      .returning();
    for (const contact of params.contacts) {
      const existing = await tx
        .select({ id: contactPoints.id })
        .from(contactPoints)
        .where(
          and(
            eq(contactPoints.customerId, customer!.id),
            eq(contactPoints.channel, contact.channel),
            sql`lower(${contactPoints.address}) = lower(${contact.address})`,
          ),
        );
      await tx
        .update(contactPoints)
        .set({ isPrimary: false })
        .where(and(eq(contactPoints.customerId, customer!.id), eq(contactPoints.channel, contact.channel)));
      if (existing[0])
        await tx
          .update(contactPoints)
          .set({ isPrimary: true, postal: contact.postal ?? null })
          .where(eq(contactPoints.id, existing[0].id));
      else
        await tx.insert(contactPoints).values({
          customerId: customer!.id,
          channel: contact.channel,
          address: contact.address,
          postal: contact.postal ?? null,
          isPrimary: true,
        });
    }
    return customer!;
  });
}
