DROP INDEX "communications_customer_activity_idx";--> statement-breakpoint
DROP INDEX "communications_channel_activity_idx";--> statement-breakpoint
DROP INDEX "communications_category_activity_idx";--> statement-breakpoint
DROP INDEX "communications_location_activity_idx";--> statement-breakpoint
DROP INDEX "attempts_channel_created_idx";--> statement-breakpoint
DROP INDEX "attempts_category_created_idx";--> statement-breakpoint
DROP INDEX "attempts_customer_created_idx";--> statement-breakpoint
DROP INDEX "attempts_location_created_idx";--> statement-breakpoint
DROP INDEX "communications_visible_activity_idx";--> statement-breakpoint
DROP INDEX "communications_status_activity_idx";--> statement-breakpoint
DROP INDEX "attempts_created_idx";--> statement-breakpoint
DROP INDEX "attempts_status_created_idx";--> statement-breakpoint
DROP INDEX "provider_events_received_idx";--> statement-breakpoint
DROP INDEX "provider_events_unresolved_idx";--> statement-breakpoint
DROP INDEX "audit_events_created_idx";--> statement-breakpoint
CREATE INDEX "communications_visible_customer_idx" ON "communications" USING btree ("customer_id","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_visible_channel_idx" ON "communications" USING btree ("channel","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_visible_category_idx" ON "communications" USING btree ("category","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_visible_location_idx" ON "communications" USING btree ("location_group","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_created_status_idx" ON "attempts" USING btree ("created_at","status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_channel_idx" ON "attempts" USING btree ("channel","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_category_idx" ON "attempts" USING btree ("category","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_customer_idx" ON "attempts" USING btree ("customer_id","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_location_idx" ON "attempts" USING btree ("location_group","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST,"status") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "communications_visible_activity_idx" ON "communications" USING btree ("last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST) WHERE NOT "communications"."collecting_data";--> statement-breakpoint
CREATE INDEX "communications_status_activity_idx" ON "communications" USING btree ("status","last_activity_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "attempts_created_idx" ON "attempts" USING btree ("created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "attempts_status_created_idx" ON "attempts" USING btree ("status","created_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "provider_events_received_idx" ON "provider_events" USING btree ("provider","received_at" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "provider_events_unresolved_idx" ON "provider_events" USING btree ("provider","received_at" DESC NULLS FIRST) WHERE "provider_events"."outcome" IN ('unknown_message', 'unrecognised');--> statement-breakpoint
CREATE INDEX "audit_events_created_idx" ON "audit_events" USING btree ("created_at" DESC NULLS FIRST);