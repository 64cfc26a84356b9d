-- The log is immutable: attempts and what they sent can never be deleted, and the
-- content snapshot (recipient, rendered content, hashes, channel, kind, links) can never
-- be changed. Status and delivery-tracking columns stay updatable. The column list
-- matches IMMUTABLE_ATTEMPT_COLUMNS in db/schema/attempts.ts (a test checks both).
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
      NEW.content_sha256, NEW.created_at)
     IS DISTINCT FROM
     (OLD.id, OLD.communication_id, OLD.customer_id, OLD.seq, OLD.kind, OLD.repeats_attempt_id,
      OLD.channel, OLD.provider, OLD.category, OLD.subject_ref, OLD.recipient,
      OLD.recipient_postal::text, OLD.subject, OLD.body_text, OLD.body_html,
      OLD.content_sha256, OLD.created_at) THEN
    RAISE EXCEPTION 'attempts are immutable: the content snapshot of attempt % cannot be changed', OLD.id
      USING ERRCODE = 'restrict_violation',
            HINT = 'Send a new attempt (resend) instead of editing a sent one.';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attempts_immutable
  BEFORE UPDATE OR DELETE ON attempts
  FOR EACH ROW EXECUTE FUNCTION herald_refuse_attempt_change();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION herald_refuse_document_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION '% rows are immutable: DELETE refused', TG_TABLE_NAME
      USING ERRCODE = 'restrict_violation';
  END IF;
  RAISE EXCEPTION '% rows are immutable: UPDATE refused', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER documents_immutable
  BEFORE UPDATE OR DELETE ON documents
  FOR EACH ROW EXECUTE FUNCTION herald_refuse_document_change();
--> statement-breakpoint
CREATE TRIGGER attempt_documents_immutable
  BEFORE UPDATE OR DELETE ON attempt_documents
  FOR EACH ROW EXECUTE FUNCTION herald_refuse_document_change();
--> statement-breakpoint
-- TRUNCATE bypasses row triggers; refuse it too.
CREATE OR REPLACE FUNCTION herald_refuse_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is immutable: TRUNCATE refused', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER attempts_no_truncate BEFORE TRUNCATE ON attempts
  FOR EACH STATEMENT EXECUTE FUNCTION herald_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER documents_no_truncate BEFORE TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION herald_refuse_truncate();
--> statement-breakpoint
CREATE TRIGGER attempt_documents_no_truncate BEFORE TRUNCATE ON attempt_documents
  FOR EACH STATEMENT EXECUTE FUNCTION herald_refuse_truncate();
