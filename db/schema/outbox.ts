import { sql } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// The job outbox (docs/architecture.md, "Nothing is lost between steps"): every job Herald
// means to run — plan a communication, hand an attempt over, fall back, fan a bulk send
// out — is a row written in the same transaction as the state change that calls for it.
// The dispatcher (inngest/outbox.ts) publishes due rows to Inngest, or runs them in the
// embedded runner, and marks them done; whatever a crash or a publishing error leaves
// behind is published by the next drain (after each commit, on a timer, at start).

export const jobOutbox = pgTable(
  "job_outbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    /** The Inngest event name (inngest/events.ts). */
    eventName: text("event_name").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    /** What the job is about (`attempt-queued:<id>`): one live row per key, so asking twice queues it once. */
    dedupeKey: text("dedupe_key").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** Due from; while claimed, the end of the claim's lease. */
    availableAt: timestamp("available_at", { withTimezone: true }).notNull().defaultNow(),
    /** Who holds the row: a dispatcher publishing it, or an embedded runner's process running it. */
    claimedBy: text("claimed_by"),
    /** Publications tried (a failed one is tried again later, with backoff). */
    tries: integer("tries").notNull().default(0),
    lastError: text("last_error"),
    /** Published to Inngest (which then owns it), or run to its end by the embedded runner. */
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("job_outbox_live_key_idx")
      .on(t.dedupeKey)
      .where(sql`${t.doneAt} IS NULL`),
    index("job_outbox_due_idx")
      .on(t.availableAt, t.id)
      .where(sql`${t.doneAt} IS NULL`),
    index("job_outbox_done_idx")
      .on(t.doneAt)
      .where(sql`${t.doneAt} IS NOT NULL`),
  ],
);
