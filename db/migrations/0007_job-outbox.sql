CREATE TABLE "job_outbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"event_name" text NOT NULL,
	"data" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"available_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_by" text,
	"tries" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "handover_claimed_by" text;--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "handover_lease_until" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "job_outbox_live_key_idx" ON "job_outbox" USING btree ("dedupe_key") WHERE "job_outbox"."done_at" IS NULL;--> statement-breakpoint
CREATE INDEX "job_outbox_due_idx" ON "job_outbox" USING btree ("available_at","id") WHERE "job_outbox"."done_at" IS NULL;--> statement-breakpoint
CREATE INDEX "job_outbox_done_idx" ON "job_outbox" USING btree ("done_at") WHERE "job_outbox"."done_at" IS NOT NULL;