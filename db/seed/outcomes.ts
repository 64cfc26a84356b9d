import type { Rng } from "./random";
import {
  STATUS,
  type AttemptKind,
  type AttemptStatus,
  type Channel,
  type FailureClass,
  type Provider,
  FAILURE_CLASS,
  FAILED_OVER_CODE,
} from "@/db/schema/enums";

/** The stored label of an attempt moved to another provider (lib/status.ts FAILED_OVER_LABEL; db/ cannot import lib/). */
const FAILED_OVER_LABEL = "Moved to another provider";

// What can happen to one attempt, per provider: the stages it goes through (with
// realistic delays), and for failures the channel label, failure class, error code and
// the actionable message staff see. Generation picks an outcome, then cuts its timeline
// at `now`, so recent attempts are naturally still queued, accepted or sent.

export type Stage = typeof STATUS.accepted | typeof STATUS.sent | typeof STATUS.delivered | typeof STATUS.failed;

export type Outcome = {
  key: string;
  /** Status once every stage has happened; a cut timeline shows an earlier one. */
  status: AttemptStatus;
  label?: string;
  failureClass?: FailureClass;
  errorCode?: string;
  errorMessage?: string;
  /** permanent_recipient (or an exhausted retry budget): the plan moves to the next channel. */
  fallback?: boolean;
  /** Each stage with its delay range (ms) after the previous one. */
  stages: readonly (readonly [Stage, number, number])[];
  /** Refused synchronously by the provider's API: no message id, no webhooks. */
  refusedByApi?: boolean;
  retries?: number;
  /** The address used was wrong (typo, old address); a later resend uses the corrected one. */
  wrongRecipient?: boolean;
  /** The provider refuses the recipient from now on: the address is suppressed (db/seed/suppressions.ts). */
  suppresses?: "unsubscribed" | "bounced";
  weight: number;
};

const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

export const DAY_MS = D;
export const HOUR_MS = H;
export const MINUTE_MS = M;

// Data tables keep one entry per line (prettier-ignore): they read as tables.
// prettier-ignore
const EMAIL_COMMON: Outcome[] = [
  { key: STATUS.delivered, status: STATUS.delivered, weight: 86, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.delivered, 2 * S, 90 * S]] },
  {
    key: "bounced", status: STATUS.failed, label: "Bounced", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true, wrongRecipient: true,
    errorCode: "550 5.1.1", errorMessage: "Mailbox unavailable (550 5.1.1) — check the address and resend",
    weight: 5, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.failed, 5 * S, 10 * M]],
  },
  {
    key: "blocked", status: STATUS.failed, label: "Blocked", failureClass: FAILURE_CLASS.temporary, fallback: true, retries: 4,
    errorCode: "421 4.7.0",
    errorMessage: "Blocked by the recipient's mail server (421 4.7.0) after 4 retries — ask the customer to allow our sender address, or use another channel",
    // Given up within the 2 hours lib/tracking-health.ts allows an e-mail to stay accepted.
    weight: 1.2, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.failed, 40 * M, 110 * M]],
  },
];

/**
 * Refused twice (503) before the provider acted: moved to the channel's other e-mail provider
 * (lib/failover), whose failover attempt carries it on. Scripted only (weight 0).
 */
function movedTo(from: string, to: string): Outcome {
  return {
    key: "moved",
    status: STATUS.rejected,
    label: FAILED_OVER_LABEL,
    failureClass: FAILURE_CLASS.temporary,
    errorCode: FAILED_OVER_CODE,
    errorMessage: `${FAILED_OVER_LABEL}: ${from} could not take it (${from} answered 503: service unavailable — retried automatically) — handed to ${to} with the same content`,
    refusedByApi: true,
    retries: 1,
    weight: 0,
    stages: [[STATUS.failed, 30 * S, 40 * S]],
  };
}

// prettier-ignore
const OUTCOMES: Record<Provider, Outcome[]> = {
  resend: [
    ...EMAIL_COMMON,
    movedTo("Resend", "SendGrid"),
    {
      key: "suppressed", status: STATUS.rejected, label: "Dropped", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      errorCode: "suppressed", suppresses: "bounced",
      errorMessage: "Address is on the suppression list after earlier hard bounces — confirm the address with the customer, then resend",
      weight: 1.5, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.failed, 1 * S, 20 * S]],
    },
    {
      key: "quota", status: STATUS.rejected, label: "Rejected", failureClass: FAILURE_CLASS.permanent_content,
      errorCode: "reached_daily_quota", errorMessage: "Daily sending quota reached at Resend — raise the quota, then resend",
      weight: 0.6, stages: [[STATUS.failed, 1 * S, 5 * S]],
    },
  ],
  sendgrid: [
    ...EMAIL_COMMON,
    movedTo("SendGrid", "Resend"),
    {
      key: "dropped", status: STATUS.rejected, label: "Dropped", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      errorCode: "Bounced Address", suppresses: "bounced",
      errorMessage: "Dropped: this address bounced before and is suppressed at SendGrid — confirm the address, then resend",
      weight: 1.2, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.failed, 1 * S, 20 * S]],
    },
    {
      key: "unsubscribed", status: STATUS.rejected, label: "Dropped", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      errorCode: "Unsubscribed Address", suppresses: "unsubscribed",
      errorMessage: "Dropped: the recipient unsubscribed from our e-mails — confirm the billing contact, then resend",
      weight: 0.4, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.failed, 1 * S, 20 * S]],
    },
    {
      key: "content_bounce", status: STATUS.failed, label: "Bounced", failureClass: FAILURE_CLASS.permanent_content,
      errorCode: "552 5.3.4",
      errorMessage: "Bounced for its content: the message is larger than the recipient's server accepts (552 5.3.4) — shrink the attachment, then resend",
      weight: 0.3, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.failed, 5 * S, 10 * M]],
    },
    {
      key: "spam_content", status: STATUS.rejected, label: "Dropped", failureClass: FAILURE_CLASS.permanent_content,
      errorCode: "Spam Content", errorMessage: "Dropped by SendGrid as spam content — review the template, then resend",
      weight: 0.5, stages: [[STATUS.accepted, 0.5 * S, 3 * S], [STATUS.failed, 1 * S, 20 * S]],
    },
  ],
  twilio: [
    { key: STATUS.delivered, status: STATUS.delivered, weight: 88, stages: [[STATUS.accepted, 0.3 * S, 2 * S], [STATUS.sent, 1 * S, 6 * S], [STATUS.delivered, 3 * S, 2 * M]] },
    {
      key: "undelivered_30003", status: STATUS.failed, label: "Undelivered", failureClass: FAILURE_CLASS.temporary, errorCode: "30003",
      errorMessage: "Unreachable handset (30003) — the phone may be off or out of coverage; resend later or use another channel",
      weight: 3, stages: [[STATUS.accepted, 0.3 * S, 2 * S], [STATUS.sent, 1 * S, 6 * S], [STATUS.failed, 1 * M, 4 * H]],
    },
    {
      key: "undelivered_30005", status: STATUS.failed, label: "Undelivered", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      wrongRecipient: true, errorCode: "30005",
      errorMessage: "Unknown handset (30005) — the number may no longer exist; check it with the customer",
      weight: 2, stages: [[STATUS.accepted, 0.3 * S, 2 * S], [STATUS.sent, 1 * S, 6 * S], [STATUS.failed, 20 * S, 10 * M]],
    },
    {
      key: "failed_30006", status: STATUS.failed, label: "Failed", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true, errorCode: "30006",
      errorMessage: "Landline or unreachable carrier (30006) — this number cannot receive SMS; add a mobile number",
      weight: 1.2, stages: [[STATUS.accepted, 0.3 * S, 2 * S], [STATUS.failed, 5 * S, 2 * M]],
    },
    {
      key: "failed_30007", status: STATUS.failed, label: "Failed", failureClass: FAILURE_CLASS.permanent_content, errorCode: "30007",
      errorMessage: "Blocked by carrier filtering (30007) — shorten the message and remove links, then resend",
      weight: 0.5, stages: [[STATUS.accepted, 0.3 * S, 2 * S], [STATUS.sent, 1 * S, 6 * S], [STATUS.failed, 10 * S, 5 * M]],
    },
    {
      key: "stop_21610", status: STATUS.rejected, label: "Failed", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      refusedByApi: true, errorCode: "21610", suppresses: "unsubscribed",
      errorMessage: "The recipient replied STOP (21610) — SMS is blocked for this number; use another channel",
      weight: 0.7, stages: [[STATUS.failed, 0.3 * S, 2 * S]],
    },
    {
      key: "invalid_21211", status: STATUS.rejected, label: "Failed", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      refusedByApi: true, wrongRecipient: true, errorCode: "21211",
      errorMessage: "Invalid 'To' phone number (21211) — correct the number and resend",
      weight: 0.3, stages: [[STATUS.failed, 0.3 * S, 2 * S]],
    },
  ],
  pingen: [
    // Letters wait for the next print batch, then are posted; only tracked products report delivery.
    { key: STATUS.sent, status: STATUS.sent, weight: 55, stages: [[STATUS.accepted, 1 * M, 6 * H], [STATUS.sent, 8 * H, 30 * H]] },
    { key: STATUS.delivered, status: STATUS.delivered, weight: 38, stages: [[STATUS.accepted, 1 * M, 6 * H], [STATUS.sent, 8 * H, 30 * H], [STATUS.delivered, 2 * D, 4 * D]] },
    {
      key: "returned", status: STATUS.failed, label: "Returned", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true, wrongRecipient: true,
      errorCode: "returned_to_sender",
      errorMessage: "Letter returned to sender: addressee unknown at this address — update the postal address and resend",
      weight: 3, stages: [[STATUS.accepted, 1 * M, 6 * H], [STATUS.sent, 8 * H, 30 * H], [STATUS.failed, 7 * D, 20 * D]],
    },
    {
      key: "undeliverable", status: STATUS.failed, label: "Failed", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      errorCode: "undeliverable",
      errorMessage: "Undeliverable: the recipient could not be found at this address — check the address and resend",
      weight: 1.5, stages: [[STATUS.accepted, 1 * M, 6 * H], [STATUS.sent, 8 * H, 30 * H], [STATUS.failed, 3 * D, 6 * D]],
    },
    {
      key: "file_not_a4_portrait", status: STATUS.rejected, label: "Rejected", failureClass: FAILURE_CLASS.permanent_content,
      errorCode: "file_not_a4_portrait",
      errorMessage: "Letter refused by the print provider: the PDF is not A4 portrait — regenerate the document and resend",
      weight: 0.8, stages: [[STATUS.accepted, 1 * M, 6 * H], [STATUS.failed, 5 * M, 1 * H]],
    },
  ],
  peppol: [
    { key: STATUS.delivered, status: STATUS.delivered, weight: 80, stages: [[STATUS.accepted, 2 * S, 20 * S], [STATUS.sent, 30 * S, 20 * M], [STATUS.delivered, 1 * H, 36 * H]] },
    { key: STATUS.sent, status: STATUS.sent, weight: 10, stages: [[STATUS.accepted, 2 * S, 20 * S], [STATUS.sent, 30 * S, 20 * M]] },
    {
      key: "business_rule", status: STATUS.rejected, label: "Rejected", failureClass: FAILURE_CLASS.permanent_content, errorCode: "BR-CO-15",
      errorMessage: "E-invoice rejected by the buyer (BR-CO-15: total with VAT ≠ total without VAT + VAT) — correct the invoice and issue a credit note",
      weight: 4, stages: [[STATUS.accepted, 2 * S, 20 * S], [STATUS.sent, 30 * S, 20 * M], [STATUS.failed, 1 * D, 6 * D]],
    },
    {
      key: "not_registered", status: STATUS.rejected, label: "Rejected", failureClass: FAILURE_CLASS.permanent_recipient, fallback: true,
      errorCode: "receiver_not_registered",
      errorMessage: "Receiver is not registered on the Peppol network — check the participant id with the customer",
      weight: 3, stages: [[STATUS.accepted, 2 * S, 20 * S], [STATUS.failed, 5 * S, 1 * M]],
    },
  ],
  chorus_pro: [
    // Chorus Pro reports "made available" (or a rejection) within days: a Sent that stays
    // longer is stuck in lib/tracking-health.ts, which a healthy installation does not show.
    { key: STATUS.delivered, status: STATUS.delivered, weight: 89, stages: [[STATUS.accepted, 5 * S, 1 * M], [STATUS.sent, 10 * M, 6 * H], [STATUS.delivered, 2 * H, 3 * D]] },
    {
      key: "rejetee", status: STATUS.rejected, label: "Rejected", failureClass: FAILURE_CLASS.permanent_content, errorCode: "REJETEE",
      errorMessage: "Rejected by the public buyer in Chorus Pro (REJETEE): purchase order number missing — add the engagement number and re-issue the invoice",
      weight: 4, stages: [[STATUS.accepted, 5 * S, 1 * M], [STATUS.sent, 10 * M, 6 * H], [STATUS.failed, 1 * D, 4 * D]],
    },
    {
      key: "in_rejete", status: STATUS.rejected, label: "Rejected", failureClass: FAILURE_CLASS.permanent_content,
      errorCode: "IN_REJETE",
      errorMessage: "Chorus Pro refused the file (IN_REJETE): the buyer's SIRET is not an active structure — check the SIRET with the customer, then re-issue",
      weight: 2, stages: [[STATUS.accepted, 5 * S, 1 * M], [STATUS.failed, 10 * M, 2 * H]],
    },
  ],
  manual: [
    { key: "done", status: STATUS.sent, label: "Done", weight: 60, stages: [[STATUS.sent, 2 * H, 5 * D]] },
    { key: "pending", status: STATUS.manual_required, label: "Not sent", weight: 40, stages: [] },
  ],
};

const SUCCESS_KEYS = new Set(["delivered", "sent", "done"]);

/** Picks an outcome; resends are mostly successful (the address or content was fixed first). */
export function chooseOutcome(rng: Rng, provider: Provider, kind: AttemptKind): Outcome {
  const boost = kind === "resend" ? 4 : 1;
  return rng.weighted(OUTCOMES[provider].map((o) => [o, SUCCESS_KEYS.has(o.key) ? o.weight * boost : o.weight] as const));
}

export function outcomeByKey(provider: Provider, key: string): Outcome {
  const outcome = OUTCOMES[provider].find((o) => o.key === key);
  if (!outcome) throw new Error(`No seed outcome ${provider}.${key}`);
  return outcome;
}

export function isSuccess(outcome: Outcome): boolean {
  return SUCCESS_KEYS.has(outcome.key);
}

/** The label shown beside a status that a cut timeline reached. */
export function labelFor(channel: Channel, status: AttemptStatus, outcome: Outcome): string | null {
  if (status === STATUS.failed || status === STATUS.rejected) return outcome.label ?? null;
  if (channel === "manual") return status === STATUS.manual_required ? "Not sent" : "Done";
  if (status === STATUS.delivered) return channel === "einvoice" ? "Sent" : "Delivered";
  if (status === STATUS.sent && channel !== "email") return "Sent";
  return null;
}

/** Temporary errors waiting for a retry (status queued, retry_at set). */
export const RETRY_WAIT: Record<Channel, { code: string; message: string } | undefined> = {
  email: { code: "rate_limit_exceeded", message: "E-mail provider rate limit reached (429) — retrying automatically" },
  sms: { code: "20429", message: "Twilio concurrency limit reached (20429) — retrying automatically" },
  post: { code: "503", message: "Print provider unavailable (503) — retrying automatically" },
  einvoice: { code: "ETIMEDOUT", message: "Access point timed out — retrying automatically" },
  manual: undefined,
};
