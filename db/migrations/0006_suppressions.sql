CREATE TYPE "public"."suppression_kind" AS ENUM('unsubscribed', 'complained', 'bounced');--> statement-breakpoint
CREATE TABLE "suppressions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" "channel" NOT NULL,
	"address" text NOT NULL,
	"category" "category",
	"kind" "suppression_kind" NOT NULL,
	"provider" "provider" NOT NULL,
	"event_type" text NOT NULL,
	"attempt_id" uuid,
	"detail" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"lifted_at" timestamp with time zone,
	"lifted_by" text,
	"lift_reason" text
);
--> statement-breakpoint
CREATE UNIQUE INDEX "suppressions_active_all_key" ON "suppressions" USING btree ("channel","address") WHERE "suppressions"."lifted_at" IS NULL AND "suppressions"."category" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "suppressions_active_category_key" ON "suppressions" USING btree ("channel","address","category") WHERE "suppressions"."lifted_at" IS NULL AND "suppressions"."category" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "suppressions_created_idx" ON "suppressions" USING btree ("created_at");