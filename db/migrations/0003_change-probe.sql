CREATE INDEX "communications_updated_idx" ON "communications" USING btree ("updated_at");--> statement-breakpoint
CREATE INDEX "attempts_updated_idx" ON "attempts" USING btree ("updated_at");