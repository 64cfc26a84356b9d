import { integer, index, pgTable, text, timestamp } from "drizzle-orm/pg-core";

// Rate limits and lock-outs, shared by every instance serving one database: one counter
// per key (`api:<key id>`, `sign-in:ip:<address>`, `sign-in:account:<e-mail>`,
// `auth:<address>|<path>`) over a fixed window that starts with its first hit. Counting
// is a single INSERT … ON CONFLICT DO UPDATE (db/queries/rate-limits.ts), so concurrent
// requests on different instances serialise on the row and none slips past the limit.
// Rows past `resets_at` mean nothing and are deleted by the nightly purge.
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    key: text("key").primaryKey(),
    count: integer("count").notNull(),
    resetsAt: timestamp("resets_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("rate_limit_counters_resets_at_idx").on(t.resetsAt)],
);
