import { getAttempt } from "@/db/queries/sending-reads";
import { type Provider, STATUS } from "@/lib/status";
import { createManualAttempt, createPlannedAttempt } from "./create-attempt";
import type { SendingDeps } from "./deps";
import { fallbackTarget, noFallbackReason } from "./fallback-rule";
import { planCommunication } from "./plan";
import { getSendingRows } from "./sending-rows";

// Fallback: an attempt that could not reach the customer hands over to the next channel of
// the plan. The failure already left its mark on the contact — invalid or suppressed —
// where it was recorded (lib/webhooks/apply-provider-events.ts for provider feedback on
// any attempt, lib/sending/hand-over.ts for a refusal at hand-over), so the plan here skips
// it; a temporary failure whose retries are spent (a long outage) leaves the address alone
// and only moves on. permanent_content never falls back: the content needs a fix, another
// channel would not help.
// Only the communication's latest attempt falls back — a late bounce of an attempt that
// was already resent or fallen back from changes nothing — and once (insertAttempt).

export type FallBackResult =
  | { kind: "queued"; attemptId: string; provider: Provider; channel: string }
  | { kind: "manual"; attemptId: string; reason: string }
  | { kind: "rejected"; attemptId: string }
  | { kind: "none"; reason: string };

export async function fallBack(deps: SendingDeps, failedAttemptId: string): Promise<FallBackResult> {
  const failed = await getAttempt(deps.db, { attemptId: failedAttemptId });
  if (!failed) return { kind: "none", reason: `attempt ${failedAttemptId} does not exist` };
  const refusal = noFallbackReason(failed);
  if (refusal) return { kind: "none", reason: refusal };
  const sending = await getSendingRows(deps.db, { communicationId: failed.communicationId });
  if (!sending) return { kind: "none", reason: "communication not found" };
  const latest = sending.attempts.at(-1);
  const existing = sending.attempts.find((attempt) => attempt.kind === "fallback" && attempt.repeatsAttemptId === failed.id);
  if (latest?.id !== failed.id && !existing) return { kind: "none", reason: `a later attempt (#${latest?.seq}) superseded this one` };

  const { plan, manualMessage } = planCommunication(sending);
  const target = fallbackTarget({ plan, failedChannel: failed.channel, attempts: sending.attempts, manualMessage });
  const link = { kind: "fallback" as const, repeatsAttemptId: failed.id };
  if ("manualReason" in target) {
    const manual = await createManualAttempt(deps, sending, target.manualReason, link);
    return { kind: "manual", attemptId: manual.id, reason: target.manualReason };
  }
  const attempt = await createPlannedAttempt(deps, sending, target.next, link);
  if (attempt.status === STATUS.rejected) return { kind: "rejected", attemptId: attempt.id };
  return { kind: "queued", attemptId: attempt.id, provider: attempt.provider, channel: target.next.channel };
}
