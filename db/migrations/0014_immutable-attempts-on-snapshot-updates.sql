-- The immutability trigger fires only for an UPDATE that names a snapshot column (the
-- list of IMMUTABLE_ATTEMPT_COLUMNS in db/schema/attempts.ts; a test checks both), and for
-- DELETE. An UPDATE that names none of them cannot change them, so status moves — every
-- webhook, every send — no longer run the check: it compared the whole snapshot, rendered
-- bodies included, which Postgres reads back from TOAST for a large e-mail, on every move.
DROP TRIGGER attempts_immutable ON attempts;
--> statement-breakpoint
CREATE TRIGGER attempts_immutable
  BEFORE DELETE OR UPDATE OF id, communication_id, customer_id, seq, kind, repeats_attempt_id, channel, provider, category,
    subject_ref, recipient, recipient_postal, subject, body_text, body_html, content_sha256, locale, created_at
  ON attempts
  FOR EACH ROW EXECUTE FUNCTION herald_refuse_attempt_change();
