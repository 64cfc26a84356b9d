CREATE TABLE "customer_names" (
	"name" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "customer_names_trgm_idx" ON "customer_names" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "communications_visible_status_filters_idx" ON "communications" USING btree ("status","channel","last_activity_at","category","location_group") WHERE NOT "communications"."collecting_data" AND "communications"."ignored_at" IS NULL;--> statement-breakpoint
CREATE INDEX "attempts_visible_status_filters_idx" ON "attempts" USING btree ("status","channel","created_at","category","location_group") WHERE "attempts"."communication_ignored_at" IS NULL;--> statement-breakpoint
-- customer_names holds every name a customer bears (db/schema/customers.ts): filled from
-- the customers there are, then kept by a statement-level trigger, so a bulk insert of
-- customers adds its new names in one statement.
INSERT INTO "customer_names" ("name") SELECT DISTINCT "name" FROM "customers" ON CONFLICT DO NOTHING;--> statement-breakpoint
CREATE OR REPLACE FUNCTION herald_record_customer_names() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_names (name) SELECT DISTINCT name FROM new_customers ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;--> statement-breakpoint
CREATE TRIGGER customers_record_names_on_insert
  AFTER INSERT ON customers REFERENCING NEW TABLE AS new_customers
  FOR EACH STATEMENT EXECUTE FUNCTION herald_record_customer_names();--> statement-breakpoint
CREATE TRIGGER customers_record_names_on_update
  AFTER UPDATE ON customers REFERENCING NEW TABLE AS new_customers
  FOR EACH STATEMENT EXECUTE FUNCTION herald_record_customer_names();
