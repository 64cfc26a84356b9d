import { sql } from "drizzle-orm";
import { boolean, index, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { categoryEnum, channelEnum } from "./enums";

export type PostalAddress = {
  name?: string;
  line1: string;
  line2?: string;
  postalCode: string;
  city: string;
  country: string;
};

export const customers = pgTable(
  "customers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    externalRef: text("external_ref").notNull(),
    name: text("name").notNull(),
    locale: text("locale").notNull().default("en"),
    country: text("country").notNull().default("FR"),
    locationGroup: text("location_group"),
    isPublicSector: boolean("is_public_sector").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Platform API: customers are addressed by the billing platform's own reference.
    uniqueIndex("customers_external_ref_key").on(t.externalRef),
    // Search field: a customer number typed in any case, or its start (db/queries/search.ts).
    index("customers_external_ref_prefix_idx").using("btree", sql`lower(${t.externalRef}) text_pattern_ops`),
    // Customer picker on the page: trigram search by name.
    index("customers_name_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
    // A name to its customers, index-only (the search's similar mode, db/queries/search.ts).
    index("customers_name_idx").on(t.name, t.id),
    index("customers_location_group_idx").on(t.locationGroup),
  ],
);

// Every distinct customer name, for the search's similar mode (db/queries/search.ts): a
// misspelt name is compared with each name once (15,871 names for 100,000 customers in the
// demo data at a million communications), not with each customer or communication. Kept
// by triggers on customers (migration search-names-and-count-indexes); a name no customer
// bears any more simply matches nobody.
export const customerNames = pgTable("customer_names", { name: text("name").primaryKey() }, (t) => [
  index("customer_names_trgm_idx").using("gin", sql`${t.name} gin_trgm_ops`),
]);

// One row per way to reach a customer. `address` holds the normalised value (e-mail,
// E.164 number, Peppol participant id, SIRET, or the formatted postal address); a
// permanent_recipient failure sets `invalidAt` so the channel plan skips it.
export const contactPoints = pgTable(
  "contact_points",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: channelEnum("channel").notNull(),
    address: text("address").notNull(),
    postal: jsonb("postal").$type<PostalAddress>(),
    isPrimary: boolean("is_primary").notNull().default(true),
    invalidAt: timestamp("invalid_at", { withTimezone: true }),
    invalidReason: text("invalid_reason"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("contact_points_customer_idx").on(t.customerId, t.channel)],
);

// Preferred channel order; a row with a category overrides the default (null) row.
export const customerPreferences = pgTable(
  "customer_preferences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    category: categoryEnum("category"),
    channels: channelEnum("channels").array().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("customer_preferences_customer_category_key").on(t.customerId, t.category).nullsNotDistinct()],
);

// Opt-out of a channel, for every category (null) or for one.
export const customerOptOuts = pgTable(
  "customer_opt_outs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id, { onDelete: "cascade" }),
    channel: channelEnum("channel").notNull(),
    category: categoryEnum("category"),
    source: text("source").notNull().default("customer"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("customer_opt_outs_key").on(t.customerId, t.channel, t.category).nullsNotDistinct()],
);
