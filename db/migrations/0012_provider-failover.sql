CREATE TYPE "public"."provider_route_mode" AS ENUM('auto', 'pinned', 'off');--> statement-breakpoint
ALTER TYPE "public"."attempt_kind" ADD VALUE 'failover';--> statement-breakpoint
CREATE TABLE "provider_health" (
	"provider" "provider" PRIMARY KEY NOT NULL,
	"channel" "channel" NOT NULL,
	"state" text DEFAULT 'healthy' NOT NULL,
	"reason" text,
	"samples" integer DEFAULT 0 NOT NULL,
	"error_rate" double precision DEFAULT 0 NOT NULL,
	"usual_feedback_ms" integer,
	"assessed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "provider_routes" (
	"channel" "channel" PRIMARY KEY NOT NULL,
	"mode" "provider_route_mode" DEFAULT 'auto' NOT NULL,
	"pinned_provider" "provider",
	"active_provider" "provider",
	"switched_at" timestamp with time zone,
	"switch_reason" text,
	"probe_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "provider_signals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" "provider" NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"ok" boolean NOT NULL,
	"attempt_id" uuid,
	"error_code" text
);
--> statement-breakpoint
CREATE INDEX "provider_signals_provider_at_idx" ON "provider_signals" USING btree ("provider","at" DESC NULLS FIRST);