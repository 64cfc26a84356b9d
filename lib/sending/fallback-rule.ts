import {
  type AttemptStatus,
  type Channel,
  CHANNEL_NAMES,
  FAILED_OVER_CODE,
  FAILURE_CLASS,
  type FailureClass,
  isFailureStatus,
  UNCERTAIN_HANDOVER_CODE,
} from "@/lib/status";

// The fallback decision of docs/status-model.md, without the database: fall-back.ts applies
// it to the rows it loads, and the demo data (db/seed/communication.ts) to the chains it
// builds, so seeded fallbacks are the ones the engine would have made.

type FailedAttempt = { status: AttemptStatus; failureClass: FailureClass | null; errorCode?: string | null };

/** Why a failed attempt hands over to no other channel; null when it falls back. */
export function noFallbackReason(failed: FailedAttempt): string | null {
  if (!isFailureStatus(failed.status)) return `attempt is ${failed.status}, not failed`;
  if (failed.failureClass === FAILURE_CLASS.permanent_content) return "the content needs a fix; no fallback";
  if (failed.errorCode === UNCERTAIN_HANDOVER_CODE) return "the provider may have sent it; staff check before anything else is sent";
  if (failed.errorCode === FAILED_OVER_CODE) return "moved to another provider of its channel, whose attempt carries it on";
  return null;
}

/**
 * Where a fallback from `failedChannel` goes: the plan's next channel after it that has not
 * failed in this communication — or, with none left, the reason a manual attempt carries.
 */
export function fallbackTarget<P extends { channel: Channel }>(params: {
  plan: readonly P[];
  failedChannel: Channel;
  attempts: readonly { channel: Channel; status: AttemptStatus; errorCode?: string | null }[];
  manualMessage?: string;
}): { next: P } | { manualReason: string } {
  // A move to another provider is not the channel failing: its failover attempt carries on.
  const failed = params.attempts.filter((a) => isFailureStatus(a.status) && a.errorCode !== FAILED_OVER_CODE);
  const failedChannels = new Set(failed.map((a) => a.channel));
  failedChannels.add(params.failedChannel);
  const position = params.plan.findIndex((planned) => planned.channel === params.failedChannel);
  const next = params.plan.slice(position + 1).find((planned) => !failedChannels.has(planned.channel));
  if (next) return { next };
  const tried = [...failedChannels].map((channel) => CHANNEL_NAMES[channel]).join(", ");
  const also = params.manualMessage ? `; ${params.manualMessage}` : "";
  return { manualReason: `No channel left after ${tried} failed${also} — deliver it by hand or fix the contact details and resend` };
}
