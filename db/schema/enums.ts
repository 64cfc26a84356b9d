import { pgEnum } from "drizzle-orm/pg-core";

// Every status-like vocabulary lives here once: the pgEnum holds the values, the type and
// the named sets below are derived from it, and lib/status.ts re-exports them for lib/,
// app/ and components/ (db/ is the bottom layer and may not import lib/). Nobody else
// spells a status: tests/unit/status-vocabulary.test.ts refuses the literal elsewhere.

export const channelEnum = pgEnum("channel", ["email", "sms", "post", "einvoice", "manual"]);

export const providerEnum = pgEnum("provider", ["resend", "sendgrid", "twilio", "pingen", "peppol", "chorus_pro", "manual"]);

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

// failover: the same content handed to another provider of the same channel, because the
// attempt's provider was unhealthy (lib/failover).
export const attemptKindEnum = pgEnum("attempt_kind", ["first", "resend", "fallback", "failover"]);

export const failureClassEnum = pgEnum("failure_class", ["temporary", "permanent_recipient", "permanent_content"]);

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
export const webhookRejectionReasonEnum = pgEnum("webhook_rejection_reason", ["invalid_signature", "payload_too_large"]);

export const bulkJobStatusEnum = pgEnum("bulk_job_status", ["draft", "running", "completed", "failed", "cancelled"]);

export const actorTypeEnum = pgEnum("actor_type", ["staff", "api_key", "system", "provider"]);

export type Channel = (typeof channelEnum.enumValues)[number];
export type Provider = (typeof providerEnum.enumValues)[number];
export type AttemptStatus = (typeof attemptStatusEnum.enumValues)[number];
export type AttemptKind = (typeof attemptKindEnum.enumValues)[number];
export type FailureClass = (typeof failureClassEnum.enumValues)[number];
export type SubjectType = (typeof subjectTypeEnum.enumValues)[number];
export type Category = (typeof categoryEnum.enumValues)[number];
export type ProviderEventOutcome = (typeof providerEventOutcomeEnum.enumValues)[number];
export type WebhookRejectionReason = (typeof webhookRejectionReasonEnum.enumValues)[number];

/** Each value under its own name, so code writes `STATUS.queued` and a typo fails to compile. */
export const STATUS = namesOf(attemptStatusEnum.enumValues);
export const FAILURE_CLASS = namesOf(failureClassEnum.enumValues);
export const BULK_JOB_STATUS = namesOf(bulkJobStatusEnum.enumValues);

/** The rank-70 outcomes: the attempt is over and did not get through (docs/status-model.md). */
export const FAILURE_STATUSES = [STATUS.failed, STATUS.rejected] as const satisfies readonly AttemptStatus[];
export type FailureStatus = (typeof FAILURE_STATUSES)[number];

export function isFailureStatus(status: AttemptStatus): status is FailureStatus {
  return (FAILURE_STATUSES as readonly AttemptStatus[]).includes(status);
}

/** Handed over, waiting for the provider to say what happened (polled for Chorus Pro). */
export const AWAITING_FEEDBACK_STATUSES = [STATUS.accepted, STATUS.sent] as const satisfies readonly AttemptStatus[];
export type AwaitingFeedbackStatus = (typeof AWAITING_FEEDBACK_STATUSES)[number];

/** Events nobody could apply: tracking health counts them (provider_events_unresolved_idx). */
export const UNRESOLVED_OUTCOMES = ["unknown_message", "unrecognised"] as const satisfies readonly ProviderEventOutcome[];

/**
 * The values as a SQL list (`'accepted', 'sent'`) for partial-index predicates, which
 * drizzle-kit writes into the migration as text: a parameter would not do. The values are
 * enum members, never user input, so quoting them is safe.
 */
export function sqlValueList(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(", ");
}

function namesOf<const T extends string>(values: readonly T[]): { readonly [K in T]: K } {
  return Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };
}

/**
 * The error code of a hand-over whose outcome is unknown at a provider without idempotency
 * keys (lib/sending/hand-over.ts): it may have been sent, so nothing follows it by itself.
 */
export const UNCERTAIN_HANDOVER_CODE = "outcome_unknown";

/**
 * The error code of an attempt moved to another provider of its channel (lib/failover): it
 * was never taken by its own provider, its `failover` attempt carries it on; no fallback.
 */
export const FAILED_OVER_CODE = "failed_over";

/**
 * Attempt meta flag: a try of this attempt may have reached its provider (an answer lost,
 * or a worker whose claim ran out before it recorded one). Retried only with the same
 * idempotency key at the same provider, never moved to another (lib/failover).
 */
export const UNCERTAIN_TRY = "uncertainTry";

/** How an admin set a channel's provider routing (db/schema/provider-routes.ts). */
export const routeModeEnum = pgEnum("provider_route_mode", ["auto", "pinned", "off"]);
export type RouteMode = (typeof routeModeEnum.enumValues)[number];
