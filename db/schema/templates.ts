import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { categoryEnum, channelEnum } from "./enums";

// One template per category × channel × locale; a new version is a new row so the
// version an attempt was rendered from stays readable.
export const templates = pgTable(
  "templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull(),
    category: categoryEnum("category").notNull(),
    channel: channelEnum("channel").notNull(),
    locale: text("locale").notNull().default("en"),
    version: integer("version").notNull().default(1),
    subject: text("subject"),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("templates_key_version_key").on(t.category, t.channel, t.locale, t.version)],
);
