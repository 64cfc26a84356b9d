CREATE INDEX "customers_external_ref_prefix_idx" ON "customers" USING btree (lower("external_ref") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "communications_subject_ref_prefix_idx" ON "communications" USING btree (lower("subject_ref") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "communications_customer_idx" ON "communications" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "attempts_subject_ref_prefix_idx" ON "attempts" USING btree (lower("subject_ref") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "attempts_provider_message_prefix_idx" ON "attempts" USING btree (lower("provider_message_id") text_pattern_ops) WHERE "attempts"."provider_message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "attempts_recipient_prefix_idx" ON "attempts" USING btree (lower("recipient") text_pattern_ops);--> statement-breakpoint
CREATE INDEX "attempts_customer_idx" ON "attempts" USING btree ("customer_id");