-- Trigram search (search field on both tabs, customer picker). drizzle-kit does not emit
-- CREATE EXTENSION, so it comes first as a custom migration.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
