import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { categoryEnum, channelEnum, providerEnum, suppressionKindEnum } from "./enums";

// A contact point no message may go to, learnt from a provider (an unsubscribe, a spam
// complaint, a "previously bounced" drop): keyed by the address itself, not the customer,
// because it is the mailbox or phone that refused — another customer record or another
// provider sending to it must be refused too. `address` is normalised as the channel plan
// normalises it (lib/routing/contact-validation.ts), lower-cased. A null category covers
// every category. Only an admin lifts one, with a reason; the row stays as history.
export const suppressions = pgTable(
  "suppressions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channel: channelEnum("channel").notNull(),
    address: text("address").notNull(),
    category: categoryEnum("category"),
    kind: suppressionKindEnum("kind").notNull(),
    provider: providerEnum("provider").notNull(),
    eventType: text("event_type").notNull(),
    // No foreign key, as provider_events: the event may name no attempt we know.
    attemptId: uuid("attempt_id"),
    detail: text("detail").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    liftedAt: timestamp("lifted_at", { withTimezone: true }),
    liftedBy: text("lifted_by"),
    liftReason: text("lift_reason"),
  },
  (t) => [
    // One active suppression per contact point and scope; a provider repeating itself
    // (a retried webhook, a second drop) changes nothing. Two partial indexes because an
    // index cannot treat NULLs as equal here (the enum-to-text cast is not immutable).
    uniqueIndex("suppressions_active_all_key")
      .on(t.channel, t.address)
      .where(sql`${t.liftedAt} IS NULL AND ${t.category} IS NULL`),
    uniqueIndex("suppressions_active_category_key")
      .on(t.channel, t.address, t.category)
      .where(sql`${t.liftedAt} IS NULL AND ${t.category} IS NOT NULL`),
    index("suppressions_created_idx").on(t.createdAt),
  ],
);
