import {
  type AttemptStatus,
  canTransition,
  type Channel,
  defaultChannelLabel,
  type FailureClass,
  type FailureStatus,
  isFailureStatus,
  STATUS,
  STATUS_LABELS,
} from "@/lib/status";
import type { EngagementFlag, Failure, ProviderEvent } from "./provider-event";

// What a request's events do, worked out in memory before anything is written. The
// attempts are locked by the caller's transaction, so their statuses are exact; each event
// is checked in arrival order against lib/status.ts (canTransition), exactly as one
// conditional UPDATE per event would, and each attempt then gets one write with its final
// state. A SendGrid batch carrying processed, delivered and open for a message costs one
// UPDATE instead of three.

export type ProviderEventOutcome = "applied" | "ignored" | "duplicate" | "unknown_message" | "unrecognised";

export type AttemptFailure = {
  attemptId: string;
  communicationId: string;
  channel: Channel;
  status: FailureStatus;
  failureClass: FailureClass;
  errorCode: string | null;
  errorMessage: string;
};

export type FeedbackAttempt = { id: string; communicationId: string; seq: number; channel: Channel; status: AttemptStatus };

export type Milestone = "acceptedAt" | "sentAt" | "deliveredAt" | "failedAt";

/** One attempt's final state after the request; written with a single UPDATE. */
export type AttemptWrite = {
  attempt: FeedbackAttempt;
  /** The status reached, or null when only engagement flags changed. */
  status: { to: AttemptStatus; label: string; at: Date; failure: Failure | null } | null;
  /** First time each stage was reached (kept if already set). */
  milestones: Partial<Record<Milestone, Date>>;
  /** Earliest time of each engagement flag (kept if earlier already). */
  flags: Partial<Record<EngagementFlag, Date>>;
};

export type FeedbackPlan = {
  outcomes: { outcome: ProviderEventOutcome; detail: string | null }[];
  writes: AttemptWrite[];
  failures: AttemptFailure[];
};

const MILESTONES: Partial<Record<AttemptStatus, Milestone>> = {
  accepted: "acceptedAt",
  sent: "sentAt",
  delivered: "deliveredAt",
  failed: "failedAt",
  rejected: "failedAt",
};

/**
 * `events[i].attempt` is the attempt the event is about (null: unknown message id);
 * `stored` marks events whose key is already stored — duplicates, which change nothing.
 */
export function planFeedback(
  events: readonly { event: ProviderEvent; attempt: FeedbackAttempt | null; stored: boolean }[],
  receivedAt: Date,
): FeedbackPlan {
  const writes = new Map<string, AttemptWrite>();
  // Each attempt's status as the events so far leave it.
  const current = new Map<string, AttemptStatus>();
  const seen = new Set<string>();
  const plan: FeedbackPlan = { outcomes: [], writes: [], failures: [] };

  for (const { event, attempt, stored } of events) {
    if (stored || seen.has(event.eventKey)) {
      plan.outcomes.push({ outcome: "duplicate", detail: null });
      continue;
    }
    seen.add(event.eventKey);
    const { effect } = event;
    if (effect.kind === "unrecognised") {
      plan.outcomes.push({ outcome: "unrecognised", detail: effect.detail });
      continue;
    }
    if (!attempt) {
      const id = event.providerMessageId ?? event.attemptIdHint ?? "(none)";
      plan.outcomes.push({ outcome: "unknown_message", detail: `no ${event.provider} attempt with message id ${id}` });
      continue;
    }
    if (effect.kind === "informational") {
      plan.outcomes.push({ outcome: "ignored", detail: effect.detail });
      continue;
    }

    let write = writes.get(attempt.id);
    if (!write) {
      write = { attempt, status: null, milestones: {}, flags: {} };
      writes.set(attempt.id, write);
      current.set(attempt.id, attempt.status);
    }
    const at = event.occurredAt ?? event.receivedAt ?? receivedAt;
    if (effect.kind === "engagement") {
      const earliest = write.flags[effect.flag];
      write.flags[effect.flag] = earliest && earliest <= at ? earliest : at;
      // Opening, clicking or complaining proves the message arrived (docs/providers.md): an
      // attempt still below delivered becomes delivered. A failed one stays failed.
      if (canTransition(current.get(attempt.id)!, STATUS.delivered)) {
        move(write, STATUS.delivered, defaultChannelLabel(attempt.channel, STATUS.delivered), null, at);
        current.set(attempt.id, STATUS.delivered);
      }
      plan.outcomes.push({ outcome: "applied", detail: `${effect.flag} recorded` });
      continue;
    }
    const was = current.get(attempt.id)!;
    if (!canTransition(was, effect.status)) {
      const detail = `attempt was already ${STATUS_LABELS[was]}: ${STATUS_LABELS[effect.status]} cannot replace it`;
      plan.outcomes.push({ outcome: "ignored", detail });
      continue;
    }
    move(write, effect.status, effect.label, effect.failure, at);
    current.set(attempt.id, effect.status);
    plan.outcomes.push({ outcome: "applied", detail: null });
    if (isFailureStatus(effect.status) && effect.failure) {
      const { id: attemptId, communicationId, channel } = attempt;
      plan.failures.push({ attemptId, communicationId, channel, status: effect.status, ...effect.failure });
    }
  }
  // An attempt the events leave as it was (each one ignored) gets no write: a row rewritten
  // unchanged still costs a new version in every index of the table.
  plan.writes = [...writes.values()].filter((write) => write.status || Object.keys(write.flags).length > 0);
  return plan;
}

function move(write: AttemptWrite, to: AttemptStatus, label: string, failure: Failure | null, at: Date) {
  write.status = { to, label, at, failure };
  const milestone = MILESTONES[to];
  if (milestone) write.milestones[milestone] ??= at;
}
