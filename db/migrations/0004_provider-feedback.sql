CREATE TYPE "public"."webhook_rejection_reason" AS ENUM('invalid_signature', 'payload_too_large');--> statement-breakpoint
CREATE TABLE "webhook_rejections" (
	"provider" "provider" NOT NULL,
	"reason" "webhook_rejection_reason" NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_detail" text,
	CONSTRAINT "webhook_rejections_provider_reason_pk" PRIMARY KEY("provider","reason")
);
--> statement-breakpoint
CREATE INDEX "attempts_awaiting_feedback_idx" ON "attempts" USING btree ("provider","status_at") WHERE "attempts"."status" IN ('accepted', 'sent');--> statement-breakpoint
CREATE INDEX "provider_events_unresolved_idx" ON "provider_events" USING btree ("provider","received_at" DESC NULLS LAST) WHERE "provider_events"."outcome" IN ('unknown_message', 'unrecognised');