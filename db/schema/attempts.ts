import { sql } from "drizzle-orm";
import { type AnyPgColumn, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { communications } from "./communications";
import { customers, type PostalAddress } from "./customers";
import {
  attemptKindEnum,
  attemptStatusEnum,
  AWAITING_FEEDBACK_STATUSES,
  categoryEnum,
  channelEnum,
  failureClassEnum,
  providerEnum,
  sqlValueList,
  STATUS,
} from "./enums";

// The Communication log: one row per send attempt. Rows are never deleted and the
// snapshot columns (listed in IMMUTABLE_ATTEMPT_COLUMNS) are refused by a trigger
// (migrations 0002, 0009, 0014: it fires for an UPDATE naming one of them) once written;
// only status and delivery tracking columns move.
export const attempts = pgTable(
  "attempts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    communicationId: uuid("communication_id")
      .notNull()
      .references(() => communications.id),
    customerId: uuid("customer_id")
      .notNull()
      .references(() => customers.id),
    seq: integer("seq").notNull(),
    kind: attemptKindEnum("kind").notNull(),
    repeatsAttemptId: uuid("repeats_attempt_id").references((): AnyPgColumn => attempts.id),
    channel: channelEnum("channel").notNull(),
    provider: providerEnum("provider").notNull(),
    category: categoryEnum("category").notNull(),
    subjectRef: text("subject_ref").notNull(),
    // Content snapshot: exactly what was sent, to whom.
    recipient: text("recipient").notNull(),
    recipientPostal: jsonb("recipient_postal").$type<PostalAddress>(),
    subject: text("subject"),
    bodyText: text("body_text").notNull(),
    bodyHtml: text("body_html"),
    contentSha256: text("content_sha256").notNull(),
    // The language the content was rendered in (en, fr, nl); null when nothing was rendered
    // (a manual attempt's reason, a message that could not be rendered).
    locale: text("locale"),
    // Delivery tracking (updatable, only through provider feedback or our send outcome).
    status: attemptStatusEnum("status").notNull().default(STATUS.queued),
    statusLabel: text("status_label"),
    statusAt: timestamp("status_at", { withTimezone: true }).notNull().defaultNow(),
    failureClass: failureClassEnum("failure_class"),
    errorCode: text("error_code"),
    errorMessage: text("error_message"),
    providerMessageId: text("provider_message_id"),
    retryCount: integer("retry_count").notNull().default(0),
    retryAt: timestamp("retry_at", { withTimezone: true }),
    /** The worker handing the attempt over (a process id) and until when: a crashed worker's claim runs out. */
    handoverClaimedBy: text("handover_claimed_by"),
    handoverLeaseUntil: timestamp("handover_lease_until", { withTimezone: true }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
    failedAt: timestamp("failed_at", { withTimezone: true }),
    // Engagement flags: recorded, never a status.
    openedAt: timestamp("opened_at", { withTimezone: true }),
    clickedAt: timestamp("clicked_at", { withTimezone: true }),
    complainedAt: timestamp("complained_at", { withTimezone: true }),
    // When reconciliation last asked the provider about it (lib/reconciliation): not a
    // status, so writing it leaves updated_at (the live page's change marker) alone.
    reconciledAt: timestamp("reconciled_at", { withTimezone: true }),
    manualNote: text("manual_note"),
    createdBy: text("created_by"),
    customerName: text("customer_name").notNull(),
    locationGroup: text("location_group"),
    // Mirrors communications.ignored_at so the log hides ignored rows without a join.
    communicationIgnoredAt: timestamp("communication_ignored_at", { withTimezone: true }),
    searchText: text("search_text").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    meta: jsonb("meta").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [
    // Timeline of one communication, in order.
    uniqueIndex("attempts_communication_seq_key").on(t.communicationId, t.seq),
    // Webhooks find the attempt by the provider's message id.
    uniqueIndex("attempts_provider_message_key").on(t.provider, t.providerMessageId),
    // Log default order and keyset pagination.
    index("attempts_created_idx").on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Log filters: status, channel, category, customer, location group.
    index("attempts_status_created_idx").on(t.status, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // Quick-filter counts of the default view (ignored hidden): an index-only scan.
    index("attempts_visible_status_idx")
      .on(t.status)
      .where(sql`${t.communicationIgnoredAt} IS NULL`),
    // …and of a "sent between" range: an index-only scan of the range, not of the table.
    index("attempts_visible_created_status_idx")
      .on(t.createdAt, t.status)
      .where(sql`${t.communicationIgnoredAt} IS NULL`),
    // Capped quick-filter counts within a dropdown (db/queries/row-counts.ts), as on communications.
    index("attempts_visible_status_filters_idx")
      .on(t.status, t.channel, t.createdAt, t.category, t.locationGroup)
      .where(sql`${t.communicationIgnoredAt} IS NULL`),
    // Dropdown filters (channel, category, customer, location group) of the default view:
    // equality on the filter, rows already in list order, status at the end so the
    // grouped counts are index-only scans however common the value is.
    ...(
      [
        ["channel", "channel"],
        ["category", "category"],
        ["customerId", "customer"],
        ["locationGroup", "location"],
      ] as const
    ).map(([column, name]) =>
      index(`attempts_visible_${name}_idx`)
        .on(t[column], t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst(), t.status)
        .where(sql`${t.communicationIgnoredAt} IS NULL`),
    ),
    // Live updates: the open page polls the latest change.
    index("attempts_updated_idx").on(t.updatedAt),
    // Retry queue of the embedded runner and the tracking-health check.
    index("attempts_retry_idx")
      .on(t.retryAt)
      .where(sql`${t.retryAt} IS NOT NULL`),
    // Attempts still waiting for provider feedback: the Chorus Pro poll (provider, oldest
    // first) and tracking health's "stuck in accepted/sent" counts.
    index("attempts_awaiting_feedback_idx")
      .on(t.provider, t.statusAt)
      .where(sql`${t.status} IN (${sql.raw(sqlValueList(AWAITING_FEEDBACK_STATUSES))})`),
    // Search field (db/queries/search.ts): trigram for the similar mode; btree prefixes for the
    // reference mode — subject reference, provider message id, recipient (e-mail, E.164), customer.
    index("attempts_search_trgm_idx").using("gin", sql`${t.searchText} gin_trgm_ops`),
    index("attempts_subject_ref_prefix_idx").using("btree", sql`lower(${t.subjectRef}) text_pattern_ops`),
    index("attempts_provider_message_prefix_idx")
      .using("btree", sql`lower(${t.providerMessageId}) text_pattern_ops`)
      .where(sql`${t.providerMessageId} IS NOT NULL`),
    index("attempts_recipient_prefix_idx").using("btree", sql`lower(${t.recipient}) text_pattern_ops`),
    index("attempts_customer_idx").on(t.customerId),
  ],
);

export const IMMUTABLE_ATTEMPT_COLUMNS = [
  "id",
  "communication_id",
  "customer_id",
  "seq",
  "kind",
  "repeats_attempt_id",
  "channel",
  "provider",
  "category",
  "subject_ref",
  "recipient",
  "recipient_postal",
  "subject",
  "body_text",
  "body_html",
  "content_sha256",
  "locale",
  "created_at",
] as const;
