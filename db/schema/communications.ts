import { sql } from "drizzle-orm";
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { customers } from "./customers";
import { attemptStatusEnum, categoryEnum, channelEnum, STATUS, subjectTypeEnum } from "./enums";

// One row per communication about a subject (the Communication tab). The latest
// attempt's status, channel, label and error are denormalised here so the overview and
// its counts are served by this table's indexes alone.
export const communications = pgTable(
  "communications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    subjectType: subjectTypeEnum("subject_type").notNull(),
    subjectRef: text("subject_ref").notNull(),
    category: categoryEnum("category").notNull(),
    templateKey: text("template_key").notNull(),
    locale: text("locale").notNull().default("en"),
    templateData: jsonb("template_data").$type<Record<string, unknown>>().notNull().default({}),
    channelOverride: channelEnum("channel_override"),
    status: attemptStatusEnum("status").notNull().default(STATUS.queued),
    statusLabel: text("status_label"),
    channel: channelEnum("channel"),
    lastError: text("last_error"),
    attemptCount: integer("attempt_count").notNull().default(0),
    lastActivityAt: timestamp("last_activity_at", { withTimezone: true }).notNull().defaultNow(),
    collectingData: boolean("collecting_data").notNull().default(false),
    ignoredAt: timestamp("ignored_at", { withTimezone: true }),
    ignoredBy: text("ignored_by"),
    ignoredReason: text("ignored_reason"),
    idempotencyKey: text("idempotency_key"),
    requestHash: text("request_hash"),
    // Denormalised from the customer for filtering and search without a join.
    customerName: text("customer_name").notNull(),
    locationGroup: text("location_group"),
    // subject reference + customer name + every recipient used so far (trigram search).
    searchText: text("search_text").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Platform API: same Idempotency-Key → same communication.
    uniqueIndex("communications_idempotency_key_key").on(t.idempotencyKey),
    // Overview default order (newest activity first, keyset on id); hidden rows excluded.
    index("communications_visible_activity_idx")
      .on(t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`NOT ${t.collectingData}`),
    // Quick filters and their grouped counts.
    index("communications_status_activity_idx").on(t.status, t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Quick-filter counts of the default view (ignored hidden) and of "show ignored":
    // one grouped index-only scan each instead of a pass over the wide table.
    index("communications_visible_status_idx")
      .on(t.status)
      .where(sql`NOT ${t.collectingData} AND ${t.ignoredAt} IS NULL`),
    index("communications_listed_status_idx")
      .on(t.status)
      .where(sql`NOT ${t.collectingData}`),
    // Capped quick-filter counts within a dropdown (db/queries/row-counts.ts): a rare status
    // inside a large slice (failed e-mails, not sent in Paris) is read from its own status
    // range, index-only, not by walking the whole slice; the Type dropdown narrows the range.
    index("communications_visible_status_filters_idx")
      .on(t.status, t.channel, t.lastActivityAt, t.category, t.locationGroup)
      .where(sql`NOT ${t.collectingData} AND ${t.ignoredAt} IS NULL`),
    // Dropdown filters (customer, channel, category, location group) of the default view:
    // equality on the filter, rows already in list order, status at the end so the
    // grouped counts are index-only scans however common the value is.
    ...(
      [
        ["customerId", "customer"],
        ["channel", "channel"],
        ["category", "category"],
        ["locationGroup", "location"],
      ] as const
    ).map(([column, name]) =>
      index(`communications_visible_${name}_idx`)
        .on(t[column], t.lastActivityAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.status)
        .where(sql`NOT ${t.collectingData} AND ${t.ignoredAt} IS NULL`),
    ),
    // Live updates: the open page polls the latest change.
    index("communications_updated_idx").on(t.updatedAt),
    // Subject lookup from the platform (all communications about Invoice #12345).
    index("communications_subject_idx").on(t.subjectType, t.subjectRef),
    // Search field: partial and misspelled names and fragments (db/queries/search.ts, similar mode).
    index("communications_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    // Search field, reference mode: exact or prefix subject reference, any case (LIKE 'inv-2026-0018%').
    index("communications_subject_ref_prefix_idx").using("btree", sql`lower(${t.subjectRef}) text_pattern_ops`),
    // Search by customer number, with ignored rows shown too (the visible_* indexes exclude them).
    index("communications_customer_idx").on(t.customerId),
  ],
);
