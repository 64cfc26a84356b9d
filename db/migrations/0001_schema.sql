CREATE TYPE "public"."actor_type" AS ENUM('staff', 'api_key', 'system', 'provider');--> statement-breakpoint
CREATE TYPE "public"."attempt_kind" AS ENUM('first', 'resend', 'fallback');--> statement-breakpoint
CREATE TYPE "public"."attempt_status" AS ENUM('queued', 'manual_required', 'accepted', 'sent', 'delivered', 'failed', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."bulk_job_status" AS ENUM('draft', 'running', 'completed', 'failed', 'cancelled');--> statement-breakpoint
CREATE TYPE "public"."category" AS ENUM('invoice', 'reminder', 'payment_confirmation', 'statement', 'contract', 'credit_note', 'welcome');--> statement-breakpoint
CREATE TYPE "public"."channel" AS ENUM('email', 'sms', 'post', 'einvoice', 'manual');--> statement-breakpoint
CREATE TYPE "public"."failure_class" AS ENUM('temporary', 'permanent_recipient', 'permanent_content');--> statement-breakpoint
CREATE TYPE "public"."provider" AS ENUM('resend', 'sendgrid', 'twilio', 'pingen', 'peppol', 'chorus_pro', 'manual');--> statement-breakpoint
CREATE TYPE "public"."provider_event_outcome" AS ENUM('pending', 'applied', 'ignored', 'duplicate', 'unknown_message', 'unrecognised');--> statement-breakpoint
CREATE TYPE "public"."subject_type" AS ENUM('invoice', 'customer', 'contract');--> statement-breakpoint
CREATE TYPE "public"."webhook_rejection_reason" AS ENUM('invalid_signature', 'payload_too_large');--> statement-breakpoint
CREATE TABLE "contact_points" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"address" text NOT NULL,
	"postal" jsonb,
	"is_primary" boolean DEFAULT true NOT NULL,
	"invalid_at" timestamp with time zone,
	"invalid_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "customer_opt_outs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"channel" "channel" NOT NULL,
	"category" "category",
	"source" text DEFAULT 'customer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_opt_outs_key" UNIQUE NULLS NOT DISTINCT("customer_id","channel","category")
);
--> statement-breakpoint
CREATE TABLE "customer_preferences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"category" "category",
	"channels" "channel"[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_preferences_customer_category_key" UNIQUE NULLS NOT DISTINCT("customer_id","category")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"external_ref" text NOT NULL,
	"name" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"country" text DEFAULT 'FR' NOT NULL,
	"location_group" text,
	"is_public_sector" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "communications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"subject_type" "subject_type" NOT NULL,
	"subject_ref" text NOT NULL,
	"category" "category" NOT NULL,
	"template_key" text NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"template_data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"channel_override" "channel",
	"status" "attempt_status" DEFAULT 'queued' NOT NULL,
	"status_label" text,
	"channel" "channel",
	"last_error" text,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL,
	"collecting_data" boolean DEFAULT false NOT NULL,
	"ignored_at" timestamp with time zone,
	"ignored_by" text,
	"ignored_reason" text,
	"idempotency_key" text,
	"request_hash" text,
	"customer_name" text NOT NULL,
	"location_group" text,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"communication_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" "attempt_kind" NOT NULL,
	"repeats_attempt_id" uuid,
	"channel" "channel" NOT NULL,
	"provider" "provider" NOT NULL,
	"category" "category" NOT NULL,
	"subject_ref" text NOT NULL,
	"recipient" text NOT NULL,
	"recipient_postal" jsonb,
	"subject" text,
	"body_text" text NOT NULL,
	"body_html" text,
	"content_sha256" text NOT NULL,
	"status" "attempt_status" DEFAULT 'queued' NOT NULL,
	"status_label" text,
	"status_at" timestamp with time zone DEFAULT now() NOT NULL,
	"failure_class" "failure_class",
	"error_code" text,
	"error_message" text,
	"provider_message_id" text,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"retry_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"delivered_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"opened_at" timestamp with time zone,
	"clicked_at" timestamp with time zone,
	"complained_at" timestamp with time zone,
	"manual_note" text,
	"created_by" text,
	"customer_name" text NOT NULL,
	"location_group" text,
	"communication_ignored_at" timestamp with time zone,
	"search_text" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attempt_documents" (
	"attempt_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"sha256" text NOT NULL,
	CONSTRAINT "attempt_documents_attempt_id_document_id_pk" PRIMARY KEY("attempt_id","document_id")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"communication_id" uuid NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"byte_size" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"provider" "provider" NOT NULL,
	"event_key" text NOT NULL,
	"event_type" text NOT NULL,
	"provider_message_id" text,
	"attempt_id" uuid,
	"mapped_status" "attempt_status",
	"outcome" "provider_event_outcome" DEFAULT 'pending' NOT NULL,
	"occurred_at" timestamp with time zone,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"payload" jsonb NOT NULL,
	"detail" text
);
--> statement-breakpoint
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
CREATE TABLE "templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"category" "category" NOT NULL,
	"channel" "channel" NOT NULL,
	"locale" text DEFAULT 'en' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"subject" text,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "bulk_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"status" "bulk_job_status" DEFAULT 'draft' NOT NULL,
	"selection" jsonb NOT NULL,
	"dry_run" jsonb,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_type" "actor_type" NOT NULL,
	"actor_id" text NOT NULL,
	"action" text NOT NULL,
	"target_type" text,
	"target_id" text,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "contact_points" ADD CONSTRAINT "contact_points_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_opt_outs" ADD CONSTRAINT "customer_opt_outs_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_preferences" ADD CONSTRAINT "customer_preferences_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "communications" ADD CONSTRAINT "communications_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_communication_id_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."communications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_repeats_attempt_id_attempts_id_fk" FOREIGN KEY ("repeats_attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_documents" ADD CONSTRAINT "attempt_documents_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempt_documents" ADD CONSTRAINT "attempt_documents_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_communication_id_communications_id_fk" FOREIGN KEY ("communication_id") REFERENCES "public"."communications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_points_customer_idx" ON "contact_points" USING btree ("customer_id","channel");--> statement-breakpoint
CREATE UNIQUE INDEX "customers_external_ref_key" ON "customers" USING btree ("external_ref");--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_location_group_idx" ON "customers" USING btree ("location_group");--> statement-breakpoint
CREATE UNIQUE INDEX "communications_idempotency_key_key" ON "communications" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "communications_visible_activity_idx" ON "communications" USING btree ("last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE NOT "communications"."collecting_data";--> statement-breakpoint
CREATE INDEX "communications_status_activity_idx" ON "communications" USING btree ("status","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "communications_visible_status_idx" ON "communications" USING btree ("status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_listed_status_idx" ON "communications" USING btree ("status") WHERE NOT "communications"."collecting_data";--> statement-breakpoint
CREATE INDEX "communications_visible_customer_idx" ON "communications" USING btree ("customer_id","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_visible_channel_idx" ON "communications" USING btree ("channel","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_visible_category_idx" ON "communications" USING btree ("category","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_visible_location_idx" ON "communications" USING btree ("location_group","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_subject_idx" ON "communications" USING btree ("subject_type","subject_ref");--> statement-breakpoint
CREATE INDEX "communications_search_trgm_idx" ON "communications" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_communication_seq_key" ON "attempts" USING btree ("communication_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_provider_message_key" ON "attempts" USING btree ("provider","provider_message_id");--> statement-breakpoint
CREATE INDEX "attempts_created_idx" ON "attempts" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "attempts_status_created_idx" ON "attempts" USING btree ("status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "attempts_visible_status_idx" ON "attempts" USING btree ("status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_created_status_idx" ON "attempts" USING btree ("created_at","status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_channel_idx" ON "attempts" USING btree ("channel","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_category_idx" ON "attempts" USING btree ("category","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_customer_idx" ON "attempts" USING btree ("customer_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_location_idx" ON "attempts" USING btree ("location_group","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_retry_idx" ON "attempts" USING btree ("retry_at") WHERE "attempts"."retry_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "attempts_awaiting_feedback_idx" ON "attempts" USING btree ("provider","status_at") WHERE "attempts"."status" IN ('accepted', 'sent');--> statement-breakpoint
CREATE INDEX "attempts_search_trgm_idx" ON "attempts" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "attempt_documents_document_idx" ON "attempt_documents" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "documents_communication_idx" ON "documents" USING btree ("communication_id");--> statement-breakpoint
CREATE UNIQUE INDEX "provider_events_provider_key" ON "provider_events" USING btree ("provider","event_key");--> statement-breakpoint
CREATE INDEX "provider_events_attempt_idx" ON "provider_events" USING btree ("attempt_id","received_at");--> statement-breakpoint
CREATE INDEX "provider_events_received_idx" ON "provider_events" USING btree ("provider","received_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "provider_events_received_at_idx" ON "provider_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "provider_events_unresolved_idx" ON "provider_events" USING btree ("provider","received_at" DESC NULLS FIRST) WHERE "provider_events"."outcome" IN ('unknown_message', 'unrecognised');--> statement-breakpoint
CREATE UNIQUE INDEX "templates_key_version_key" ON "templates" USING btree ("category","channel","locale","version");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "audit_events_target_idx" ON "audit_events" USING btree ("target_type","target_id","created_at");--> statement-breakpoint
CREATE INDEX "audit_events_created_idx" ON "audit_events" USING btree ("created_at" DESC NULLS FIRST);