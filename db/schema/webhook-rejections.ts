import { bigint, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { providerEnum, webhookRejectionReasonEnum } from "./enums";

// Refused webhook requests (bad or missing signature, oversized body) are never stored:
// they are unauthenticated input. One counter row per provider and reason is all that is
// kept, so tracking health can show "Twilio: 14 bad signatures, last 10:42 — check the
// auth token" without an attacker being able to fill the database.
export const webhookRejections = pgTable(
  "webhook_rejections",
  {
    provider: providerEnum("provider").notNull(),
    reason: webhookRejectionReasonEnum("reason").notNull(),
    count: bigint("count", { mode: "number" }).notNull().default(0),
    firstAt: timestamp("first_at", { withTimezone: true }).notNull().defaultNow(),
    lastAt: timestamp("last_at", { withTimezone: true }).notNull().defaultNow(),
    // Our own explanation of the last refusal (never request content).
    lastDetail: text("last_detail"),
  },
  (t) => [primaryKey({ columns: [t.provider, t.reason] })],
);
