import { pgEnum } from "drizzle-orm/pg-core";

// Every status-like vocabulary lives here once; lib/status.ts and the filters read
// `.enumValues` from these so nobody re-spells a status string.

export const channelEnum = pgEnum("channel", ["email", "sms", "post", "einvoice", "manual"]);

export const providerEnum = pgEnum("provider", [
  "resend",
  "sendgrid",
  "twilio",
  "pingen",
  "peppol",
  "chorus_pro",
  "manual",
]);

// Ordered by rank (see lib/status.ts): queued 10, manual_required 15, accepted 30,
// sent 40, delivered 50, failed 70, rejected 70.
export const attemptStatusEnum = pgEnum("attempt_status", [
  "queued",
  "manual_required",
  "accepted",
  "sent",
  "delivered",
  "failed",
  "rejected",
]);

export const attemptKindEnum = pgEnum("attempt_kind", ["first", "resend", "fallback"]);

export const failureClassEnum = pgEnum("failure_class", [
  "temporary",
  "permanent_recipient",
  "permanent_content",
]);

// Why a contact point is suppressed (db/schema/suppressions.ts): the recipient unsubscribed
// (a provider's unsubscribe link, an SMS STOP), reported spam, or the provider refuses the
// address after earlier hard bounces.
export const suppressionKindEnum = pgEnum("suppression_kind", ["unsubscribed", "complained", "bounced"]);

export const subjectTypeEnum = pgEnum("subject_type", ["invoice", "customer", "contract"]);

export const categoryEnum = pgEnum("category", [
  "invoice",
  "reminder",
  "payment_confirmation",
  "statement",
  "contract",
  "credit_note",
  "welcome",
]);

export const providerEventOutcomeEnum = pgEnum("provider_event_outcome", [
  "pending",
  "applied",
  "ignored",
  "duplicate",
  "unknown_message",
  "unrecognised",
]);

// Why a webhook request was refused before anything was stored (tracking health counts them).
export const webhookRejectionReasonEnum = pgEnum("webhook_rejection_reason", [
  "invalid_signature",
  "payload_too_large",
]);

export const bulkJobStatusEnum = pgEnum("bulk_job_status", [
  "draft",
  "running",
  "completed",
  "failed",
  "cancelled",
]);

export const actorTypeEnum = pgEnum("actor_type", ["staff", "api_key", "system", "provider"]);
