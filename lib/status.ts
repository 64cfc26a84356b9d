import { attemptStatusEnum, channelEnum, failureClassEnum, type AttemptStatus, type Channel, type FailureClass } from "@/db/schema/enums";

// The one status model (docs/status-model.md). The UI, queries and webhooks import these;
// nobody re-spells a status string. The vocabulary itself is defined in db/schema/enums.ts
// (db/ may not import lib/) and re-exported here for lib/, app/, components/ and inngest/.

export {
  AWAITING_FEEDBACK_STATUSES,
  BULK_JOB_STATUS,
  FAILURE_CLASS,
  FAILURE_STATUSES,
  isFailureStatus,
  STATUS,
  UNCERTAIN_HANDOVER_CODE,
  FAILED_OVER_CODE,
  UNCERTAIN_TRY,
  type AttemptKind,
  type AttemptStatus,
  type AwaitingFeedbackStatus,
  type Category,
  type Channel,
  type FailureClass,
  type FailureStatus,
  type Provider,
  type RouteMode,
} from "@/db/schema/enums";

export const ATTEMPT_STATUSES = attemptStatusEnum.enumValues;
export const CHANNELS = channelEnum.enumValues;
export const FAILURE_CLASSES = failureClassEnum.enumValues;

// Providers promise no ordering, so the rank — not arrival order — decides what a late
// event may do. Failures sit above delivered so a late bounce or returned letter wins.
export const STATUS_RANK: Record<AttemptStatus, number> = {
  queued: 10,
  manual_required: 15,
  accepted: 30,
  sent: 40,
  delivered: 50,
  failed: 70,
  rejected: 70,
};

export const STATUS_LABELS: Record<AttemptStatus, string> = {
  queued: "Queued",
  manual_required: "Manual required",
  accepted: "Accepted",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Failed",
  rejected: "Rejected",
};

export type StatusTone = "neutral" | "warning" | "info" | "success" | "danger";

const STATUS_TONES: Record<AttemptStatus, StatusTone> = {
  queued: "neutral",
  manual_required: "warning",
  accepted: "info",
  sent: "info",
  delivered: "success",
  failed: "danger",
  rejected: "danger",
};

export function statusTone(status: AttemptStatus): StatusTone {
  return STATUS_TONES[status];
}

/**
 * Total order on statuses: rank first, then rejected above failed.
 *
 * Nothing replaces a rank-70 status, but failed and rejected share rank 70, and with a
 * literal "first failure wins" the streams [failed, rejected] and
 * [rejected, failed] would end differently — the outcome would depend on webhook arrival
 * order, which is exactly what ranks exist to prevent. So the tie is broken: rejected wins.
 * It is the stronger verdict (the provider refused the message; it needs a human fix and
 * gets no fallback). See docs/status-model.md.
 * The one consequence: a failed attempt may still become rejected, never the reverse.
 */
export function compareStatuses(a: AttemptStatus, b: AttemptStatus): number {
  return STATUS_RANK[a] - STATUS_RANK[b] || rank70TieBreak(a) - rank70TieBreak(b);
}

// Only strictly upward in the total order: duplicates are no-ops, a failure replaces
// delivered (70 > 50), and after rejected nothing moves — later events are stored, ignored.
export function canTransition(from: AttemptStatus, to: AttemptStatus): boolean {
  return compareStatuses(to, from) > 0;
}

export function nextStatus(current: AttemptStatus, incoming: AttemptStatus): AttemptStatus {
  return canTransition(current, incoming) ? incoming : current;
}

// Lets a query apply an event atomically: `UPDATE … SET status = :to WHERE status IN (…)`.
export function statusesThatMayBecome(to: AttemptStatus): AttemptStatus[] {
  return ATTEMPT_STATUSES.filter((from) => canTransition(from, to));
}

// Equals the maximum of `initial` and `events` under compareStatuses, so any order or
// repetition of the same events gives the same result.
export function foldStatuses(initial: AttemptStatus, events: readonly AttemptStatus[]): AttemptStatus {
  return events.reduce(nextStatus, initial);
}

// The overview shows the latest attempt, not the best one: a resend that failed after an
// earlier delivery is what staff must see. No attempt yet means waiting to hand over.
export function overviewStatus(attempts: readonly { seq: number; status: AttemptStatus }[]): AttemptStatus {
  const latest = attempts.reduce<(typeof attempts)[number] | undefined>(
    (best, attempt) => (best && best.seq >= attempt.seq ? best : attempt),
    undefined,
  );
  return latest?.status ?? "queued";
}

export const QUICK_FILTER_KEYS = ["failed", "not_sent", "completed", "all"] as const;
export type QuickFilter = (typeof QUICK_FILTER_KEYS)[number];

// Written per status so adding a status to the enum fails to compile until it is placed.
const QUICK_FILTER_OF: Record<AttemptStatus, Exclude<QuickFilter, "all">> = {
  queued: "not_sent",
  manual_required: "not_sent",
  accepted: "completed",
  sent: "completed",
  delivered: "completed",
  failed: "failed",
  rejected: "failed",
};

export function quickFilterOf(status: AttemptStatus): Exclude<QuickFilter, "all"> {
  return QUICK_FILTER_OF[status];
}

// Key order is display order.
export const QUICK_FILTERS: Record<QuickFilter, { label: string; statuses: readonly AttemptStatus[] }> = {
  failed: { label: "Failed", statuses: statusesIn("failed") },
  not_sent: { label: "Not sent", statuses: statusesIn("not_sent") },
  completed: { label: "Completed", statuses: statusesIn("completed") },
  all: { label: "All", statuses: ATTEMPT_STATUSES },
};

// Turns a per-status GROUP BY into the counts shown on the quick-filter buttons.
export function countByQuickFilter(counts: Partial<Record<AttemptStatus, number>>): Record<QuickFilter, number> {
  const totals: Record<QuickFilter, number> = { failed: 0, not_sent: 0, completed: 0, all: 0 };
  for (const status of ATTEMPT_STATUSES) {
    const count = counts[status] ?? 0;
    totals[quickFilterOf(status)] += count;
    totals.all += count;
  }
  return totals;
}

export const CHANNEL_NAMES: Record<Channel, string> = {
  email: "E-mail",
  sms: "SMS",
  post: "Post",
  einvoice: "E-invoice",
  manual: "Manual",
};

/**
 * The channel-specific labels users see (docs/status-model.md), each with the statuses it stands
 * for. A provider adapter stores the precise one beside the status (Bounced vs Dropped);
 * the first label listed for a status is the default when the provider gave none.
 * E-invoices show only Sent and Rejected: delivery ("made available") still reads Sent, and
 * every rank-70 outcome counts as Rejected (docs/providers.md).
 */
export const CHANNEL_LABELS = {
  email: { Delivered: ["delivered"], Bounced: ["failed"], Blocked: ["failed"], Dropped: ["rejected"] },
  sms: { Delivered: ["delivered"], Failed: ["failed"], Undelivered: ["failed"] },
  post: { Sent: ["sent"], Delivered: ["delivered"], Failed: ["failed"], Returned: ["failed"] },
  einvoice: { Sent: ["sent", "delivered"], Rejected: ["rejected", "failed"] },
  manual: { "Not sent": ["manual_required"], Done: ["sent"] },
} as const satisfies Record<Channel, Record<string, readonly AttemptStatus[]>>;

/**
 * The label of an attempt whose provider could not take it for the whole retry budget (an
 * outage, not the recipient): it reads as what happened, not as the channel's refusal word
 * ("Dropped" would blame the address).
 */
export const PROVIDER_UNAVAILABLE_LABEL = "Provider unavailable";

/**
 * A hand-over whose outcome is unknown at a provider without idempotency keys: it may have
 * been sent, so it is neither repeated nor fallen back from — staff check, then resend.
 */
export const UNCERTAIN_HANDOVER_LABEL = "Uncertain — check before resending";

/** An attempt its provider never took, moved to another provider of the channel (lib/failover). */
export const FAILED_OVER_LABEL = "Moved to another provider";

export type ChannelLabel<C extends Channel = Channel> = C extends Channel ? keyof (typeof CHANNEL_LABELS)[C] & string : never;

// Statuses a channel has no word for (queued, accepted, an SMS API refusal…) use the
// generic label.
export function defaultChannelLabel(channel: Channel, status: AttemptStatus): string {
  const labels: Record<string, readonly AttemptStatus[]> = CHANNEL_LABELS[channel];
  for (const [label, statuses] of Object.entries(labels)) {
    if (statuses.includes(status)) return label;
  }
  return STATUS_LABELS[status];
}

export const FAILURE_CLASS_LABELS: Record<FailureClass, string> = {
  temporary: "Temporary",
  permanent_recipient: "Recipient problem",
  permanent_content: "Content problem",
};

// What Herald does next, shown beside the error so staff know whether to act.
export const FAILURE_CLASS_NEXT_STEPS: Record<FailureClass, string> = {
  temporary: "Retried automatically with backoff; treated as a recipient problem once retries run out.",
  permanent_recipient: "Contact point marked invalid; falls back to the next channel in the plan.",
  permanent_content: "Rejected and not retried or sent elsewhere; fix the content or setup, then resend.",
};

function statusesIn(filter: Exclude<QuickFilter, "all">): AttemptStatus[] {
  return ATTEMPT_STATUSES.filter((status) => QUICK_FILTER_OF[status] === filter);
}

// Rank-70 tie-break for compareStatuses; see the reasoning there.
function rank70TieBreak(status: AttemptStatus): number {
  return status === "rejected" ? 1 : 0;
}
