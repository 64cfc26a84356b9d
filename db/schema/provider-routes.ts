import { bigserial, boolean, doublePrecision, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { channelEnum, providerEnum, routeModeEnum } from "./enums";

// Provider failover inside a channel (lib/failover). Shared by every instance through
// Postgres: the signals each hand-over leaves, each provider's health as last assessed, and
// per channel the provider new hand-overs go to, with why it last changed.

/** One hand-over answer: did the provider take it? Kept a day (the purge job). */
export const providerSignals = pgTable(
  "provider_signals",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    provider: providerEnum("provider").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    ok: boolean("ok").notNull(),
    /** The attempt handed over: its first feedback time tells how quickly the provider reports. */
    attemptId: uuid("attempt_id"),
    /** What went wrong (HTTP status, network error code) when not ok. */
    errorCode: text("error_code"),
  },
  (t) => [index("provider_signals_provider_at_idx").on(t.provider, t.at.desc().nullsFirst())],
);

/** Each provider's health as last assessed from its signals. */
export const providerHealth = pgTable("provider_health", {
  provider: providerEnum("provider").primaryKey(),
  channel: channelEnum("channel").notNull(),
  /** healthy | degraded (slow to report) | down (refusing or unreachable). */
  state: text("state").$type<"healthy" | "degraded" | "down">().notNull().default("healthy"),
  reason: text("reason"),
  /** Hand-overs in the window and the share that failed. */
  samples: integer("samples").notNull().default(0),
  errorRate: doublePrecision("error_rate").notNull().default(0),
  /** The provider's usual delay from hand-over to its first status report, learnt while healthy. */
  usualFeedbackMs: integer("usual_feedback_ms"),
  assessedAt: timestamp("assessed_at", { withTimezone: true }),
});

/** Per channel: where new hand-overs go, how an admin set it, and the last switch. */
export const providerRoutes = pgTable("provider_routes", {
  channel: channelEnum("channel").primaryKey(),
  mode: routeModeEnum("mode").notNull().default("auto"),
  /** Pinned mode: every hand-over of the channel goes here. */
  pinnedProvider: providerEnum("pinned_provider"),
  /** Auto mode: the provider carrying the channel now; null = the configured primary. */
  activeProvider: providerEnum("active_provider"),
  switchedAt: timestamp("switched_at", { withTimezone: true }),
  switchReason: text("switch_reason"),
  /** While failed over: when the primary last got a hand-over to test whether it recovered. */
  probeAt: timestamp("probe_at", { withTimezone: true }),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text("updated_by"),
});
