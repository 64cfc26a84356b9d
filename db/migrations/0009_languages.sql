ALTER TABLE "attempts" ADD COLUMN "locale" text;--> statement-breakpoint
ALTER TABLE "staff_users" ADD COLUMN "locale" text;--> statement-breakpoint
-- Attempts sent before the column existed: their language is the last part of the template
-- key recorded with them (invoice.email.fr → fr). Manual attempts rendered nothing: null.
UPDATE "attempts" SET "locale" = split_part("meta"->>'templateKey', '.', 3)
  WHERE "locale" IS NULL AND "meta"->>'templateKey' LIKE '%.%.%';
--> statement-breakpoint
-- The language is part of the immutable snapshot: the trigger of 0002 now refuses a change
-- of it too. The column list matches IMMUTABLE_ATTEMPT_COLUMNS in db/schema/attempts.ts.
CREATE OR REPLACE FUNCTION herald_refuse_attempt_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'attempts are immutable: DELETE of attempt % refused', OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF (NEW.id, NEW.communication_id, NEW.customer_id, NEW.seq, NEW.kind, NEW.repeats_attempt_id,
      NEW.channel, NEW.provider, NEW.category, NEW.subject_ref, NEW.recipient,
      NEW.recipient_postal::text, NEW.subject, NEW.body_text, NEW.body_html,
      NEW.content_sha256, NEW.locale, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.communication_id, OLD.customer_id, OLD.seq, OLD.kind, OLD.repeats_attempt_id,
      OLD.channel, OLD.provider, OLD.category, OLD.subject_ref, OLD.recipient,
      OLD.recipient_postal::text, OLD.subject, OLD.body_text, OLD.body_html,
      OLD.content_sha256, OLD.locale, OLD.created_at) THEN
    RAISE EXCEPTION 'attempts are immutable: the content snapshot of attempt % cannot be changed', OLD.id
      USING ERRCODE = 'restrict_violation',
            HINT = 'Send a new attempt (resend) instead of editing a sent one.';
  END IF;
  RETURN NEW;
END;
$$;
