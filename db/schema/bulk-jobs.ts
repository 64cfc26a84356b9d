import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { BULK_JOB_STATUS, bulkJobStatusEnum } from "./enums";

// A bulk send: the selection (ids or a saved filter), its dry-run summary and progress.
export const bulkJobs = pgTable("bulk_jobs", {
  id: uuid("id").primaryKey().defaultRandom(),
  status: bulkJobStatusEnum("status").notNull().default(BULK_JOB_STATUS.draft),
  selection: jsonb("selection").$type<Record<string, unknown>>().notNull(),
  dryRun: jsonb("dry_run").$type<Record<string, unknown>>(),
  total: integer("total").notNull().default(0),
  processed: integer("processed").notNull().default(0),
  succeeded: integer("succeeded").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  error: text("error"),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp("started_at", { withTimezone: true }),
  finishedAt: timestamp("finished_at", { withTimezone: true }),
});
