import { and, desc, eq, inArray, isNotNull, isNull, or, sql } from "drizzle-orm";
import type { Db } from "../client";
import { auditEvents, contactPoints, customerOptOuts, suppressions } from "../schema";
import type { categoryEnum, channelEnum } from "../schema/enums";

// Suppressions (db/schema/suppressions.ts), the invalid markers on contact points, and
// the hand-over gate's read of both plus the customer's opt-outs.

type Channel = (typeof channelEnum.enumValues)[number];
type Category = (typeof categoryEnum.enumValues)[number];
export type SuppressionRow = typeof suppressions.$inferSelect;
export type NewSuppression = Omit<typeof suppressions.$inferInsert, "id" | "liftedAt" | "liftedBy" | "liftReason">;

/** Records suppressions; one already active for the same contact point and scope is kept. */
export async function recordSuppressions(db: Db, rows: readonly NewSuppression[]) {
  if (rows.length === 0) return;
  await db
    .insert(suppressions)
    .values(rows.map((row) => ({ ...row, address: row.address.toLowerCase() })))
    .onConflictDoNothing();
}

/** Active suppressions of any of these (already normalised) addresses. */
export async function listActiveSuppressions(db: Db, params: { addresses: readonly string[] }) {
  const addresses = [...new Set(params.addresses.map((address) => address.toLowerCase()))];
  if (addresses.length === 0) return [];
  return db
    .select()
    .from(suppressions)
    .where(and(inArray(suppressions.address, addresses), isNull(suppressions.liftedAt)));
}

/** Newest first, for staff: active ones, or the lifted history too. */
export async function listSuppressions(db: Db, params: { limit: number; includeLifted: boolean }) {
  return db
    .select()
    .from(suppressions)
    .where(params.includeLifted ? undefined : isNull(suppressions.liftedAt))
    .orderBy(desc(suppressions.createdAt), desc(suppressions.id))
    .limit(params.limit);
}

/** An admin lifts a suppression, with a reason; the audit trail records who and why. Null when not active. */
export async function liftSuppression(db: Db, params: { id: string; actor: string; reason: string; at: Date }) {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(suppressions)
      .set({ liftedAt: params.at, liftedBy: params.actor, liftReason: params.reason })
      .where(and(eq(suppressions.id, params.id), isNull(suppressions.liftedAt)))
      .returning();
    if (!row) return null;
    await tx.insert(auditEvents).values({
      actorType: "staff",
      actorId: params.actor,
      action: "suppression.lifted",
      targetType: "suppression",
      targetId: row.id,
      data: { channel: row.channel, address: row.address, kind: row.kind, category: row.category, reason: params.reason },
      createdAt: params.at,
    });
    return row;
  });
}

export type InvalidContact = {
  customerId: string;
  channel: Channel;
  /** The attempt's recipient; matched case-insensitively when the contact point id is unknown. */
  address: string;
  contactPointId: string | null;
  reason: string;
  at: Date;
};

/** A permanent_recipient failure: the channel plan skips these contact points from now on. */
export async function markContactPointsInvalid(db: Db, contacts: readonly InvalidContact[]) {
  for (const contact of contacts) {
    await db
      .update(contactPoints)
      .set({ invalidAt: contact.at, invalidReason: contact.reason })
      .where(
        and(
          eq(contactPoints.customerId, contact.customerId),
          eq(contactPoints.channel, contact.channel),
          contact.contactPointId
            ? or(eq(contactPoints.id, contact.contactPointId), sql`lower(${contactPoints.address}) = lower(${contact.address})`)
            : sql`lower(${contactPoints.address}) = lower(${contact.address})`,
          isNull(contactPoints.invalidAt),
        ),
      );
  }
}

/**
 * What stands between an attempt and its provider: an active suppression of its recipient,
 * an opt-out of its customer, an invalid marker on its contact point. Read at the last
 * moment before hand-over, so a suppression recorded after the attempt was planned counts.
 */
export async function findHandoverBlocks(
  db: Db,
  params: { customerId: string; channel: Channel; category: Category; address: string; contactPointId: string | null },
) {
  const [suppression, optOut, invalid] = await Promise.all([
    db
      .select()
      .from(suppressions)
      .where(
        and(
          eq(suppressions.channel, params.channel),
          eq(suppressions.address, params.address.toLowerCase()),
          isNull(suppressions.liftedAt),
          or(isNull(suppressions.category), eq(suppressions.category, params.category)),
        ),
      )
      .limit(1),
    db
      .select()
      .from(customerOptOuts)
      .where(
        and(
          eq(customerOptOuts.customerId, params.customerId),
          eq(customerOptOuts.channel, params.channel),
          or(isNull(customerOptOuts.category), eq(customerOptOuts.category, params.category)),
        ),
      )
      .limit(1),
    db
      .select()
      .from(contactPoints)
      .where(
        and(
          eq(contactPoints.customerId, params.customerId),
          eq(contactPoints.channel, params.channel),
          isNotNull(contactPoints.invalidAt),
          params.contactPointId
            ? or(eq(contactPoints.id, params.contactPointId), sql`lower(${contactPoints.address}) = lower(${params.address})`)
            : sql`lower(${contactPoints.address}) = lower(${params.address})`,
        ),
      )
      .limit(1),
  ]);
  return { suppression: suppression[0] ?? null, optOut: optOut[0] ?? null, invalid: invalid[0] ?? null };
}
