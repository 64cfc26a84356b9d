import { bigint, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";
import { providerEnum } from "./enums";

// The webhook inbox (docs/architecture.md §2, "The webhook inbox"): a verified request as it
// arrived, stored in one INSERT before the provider gets its 2xx, then parsed and applied in
// batches right behind (lib/webhooks/inbox.ts). A row lives until its events are applied —
// milliseconds, normally; a drain that dies leaves its rows to the next once its lease ends.
// The events themselves are kept, as always, in provider_events.
export const webhookInbox = pgTable(
  "webhook_inbox",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    provider: providerEnum("provider").notNull(),
    body: text("body").notNull(),
    /** The request's headers: the parsers read a few (Resend's svix-id, for one). */
    headers: jsonb("headers").$type<Record<string, string>>().notNull(),
    bodySha256: text("body_sha256").notNull(),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
    /** While a drain applies the row: the end of its lease. */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
  },
  // No index but the key: the inbox is near empty, and claims walk it in id order.
);
