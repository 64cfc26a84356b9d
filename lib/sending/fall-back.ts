import type { Provider } from "@/lib/attempts";
import { getAttempt } from "@/db/queries/sending";
import { CHANNEL_NAMES } from "@/lib/status";
import { createManualAttempt, createPlannedAttempt } from "./create-attempt";
import type { SendingDeps } from "./deps";
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
  if (failed.status !== "failed" && failed.status !== "rejected") return { kind: "none", reason: `attempt is ${failed.status}, not failed` };
  if (failed.failureClass === "permanent_content") return { kind: "none", reason: "the content needs a fix; no fallback" };
  const sending = await getSendingRows(deps.db, { communicationId: failed.communicationId });
  if (!sending) return { kind: "none", reason: "communication not found" };
  const latest = sending.attempts.at(-1);
  const existing = sending.attempts.find((attempt) => attempt.kind === "fallback" && attempt.repeatsAttemptId === failed.id);
  if (latest?.id !== failed.id && !existing) return { kind: "none", reason: `a later attempt (#${latest?.seq}) superseded this one` };

  // Channels that already failed in this communication are not tried again.
  const failedChannels = new Set(sending.attempts.filter((a) => a.status === "failed" || a.status === "rejected").map((a) => a.channel));
  failedChannels.add(failed.channel);
  const { plan, manualMessage } = planCommunication(sending);
  const position = plan.findIndex((planned) => planned.channel === failed.channel);
  const next = plan.slice(position + 1).find((planned) => !failedChannels.has(planned.channel));
  const link = { kind: "fallback" as const, repeatsAttemptId: failed.id };
  if (!next) {
    const tried = [...failedChannels].map((channel) => CHANNEL_NAMES[channel]).join(", ");
    const reason = `No channel left after ${tried} failed${manualMessage ? `; ${manualMessage}` : ""} — deliver it by hand or fix the contact details and resend`;
    const manual = await createManualAttempt(deps, sending, reason, link);
    return { kind: "manual", attemptId: manual.id, reason };
  }
  const attempt = await createPlannedAttempt(deps, sending, next, link);
  if (attempt.status === "rejected") return { kind: "rejected", attemptId: attempt.id };
  return { kind: "queued", attemptId: attempt.id, provider: attempt.provider, channel: next.channel };
}
