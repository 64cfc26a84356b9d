import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { attemptStatusEnum, providerEnum, providerEventOutcomeEnum, sqlValueList, UNRESOLVED_OUTCOMES } from "./enums";

// Raw provider feedback, stored once per (provider, event key) before it is applied.
// Purged after 62 days by the retention job; the attempt keeps what it learnt.
export const providerEvents = pgTable(
  "provider_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provider: providerEnum("provider").notNull(),
    eventKey: text("event_key").notNull(),
    eventType: text("event_type").notNull(),
    providerMessageId: text("provider_message_id"),
    // No foreign key: attempts are never deleted, and unknown message ids stay null.
    attemptId: uuid("attempt_id"),
    mappedStatus: attemptStatusEnum("mapped_status"),
    outcome: providerEventOutcomeEnum("outcome").notNull().default("pending"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    payload: jsonb("payload").$type<unknown>().notNull(),
    detail: text("detail"),
  },
  (t) => [
    // Dedupe: a retried webhook is acknowledged and ignored.
    uniqueIndex("provider_events_provider_key").on(t.provider, t.eventKey),
    // Timeline of an attempt.
    index("provider_events_attempt_idx").on(t.attemptId, t.receivedAt),
    // Retention purge and "last webhook per provider" (tracking health).
    index("provider_events_received_idx").on(t.provider, t.receivedAt.desc().nullsFirst()),
    index("provider_events_received_at_idx").on(t.receivedAt),
    // Reports that came before Herald knew the message id (lib/webhooks/early-reports.ts):
    // looked up by it once the hand-over records it.
    index("provider_events_unknown_message_idx")
      .on(t.provider, t.providerMessageId)
      .where(sql`${t.outcome} = 'unknown_message'`),
    // Tracking health: events nobody could apply (unknown message id, unrecognised type).
    index("provider_events_unresolved_idx")
      .on(t.provider, t.receivedAt.desc().nullsFirst())
      .where(sql`${t.outcome} IN (${sql.raw(sqlValueList(UNRESOLVED_OUTCOMES))})`),
  ],
);
