CREATE TABLE "webhook_inbox" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_inbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"provider" "provider" NOT NULL,
	"body" text NOT NULL,
	"headers" jsonb NOT NULL,
	"body_sha256" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"claimed_until" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "provider_events_unknown_message_idx" ON "provider_events" USING btree ("provider","provider_message_id") WHERE "provider_events"."outcome" = 'unknown_message';