CREATE TABLE "reconciliation_runs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"checked" integer NOT NULL,
	"moved" integer NOT NULL,
	"unknown" integer NOT NULL,
	"failures_published" integer NOT NULL,
	"stranded_found" integer NOT NULL,
	"stranded_published" integer NOT NULL,
	"providers" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "reconciled_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "reconciliation_runs_started_idx" ON "reconciliation_runs" USING btree ("started_at" DESC NULLS FIRST);