import { type HandoverOutcome, recordHandover } from "@/db/queries/attempt-writes";
import { claimAttemptForHandover } from "@/db/queries/handover-claims";
import { getAttempt, listAttemptFiles } from "@/db/queries/sending-reads";
import { PROVIDER_NAMES } from "@/lib/attempts";
import { sendThrough } from "@/lib/providers/types";
import {
  defaultChannelLabel,
  FAILURE_CLASS,
  type FailureClass,
  type Provider,
  PROVIDER_UNAVAILABLE_LABEL,
  STATUS,
  UNCERTAIN_HANDOVER_CODE,
  UNCERTAIN_HANDOVER_LABEL,
} from "@/lib/status";
import { instanceId } from "@/lib/instance";
import { webhookUrl } from "@/lib/webhooks/webhook-url";
import { HANDOVER_LEASE_MS, type SendingDeps } from "./deps";
import { applyContactVerdicts, contactVerdict } from "@/lib/webhooks/contact-verdicts";
import { applyEarlyReports } from "@/lib/webhooks/early-reports";
import { refusalAtHandover } from "./handover-gate";
import { toOutboundMessage } from "./outbound-message";
import { failOverAttempt } from "@/lib/failover/fail-over";
import { bringRetryForward } from "@/db/queries/failover-writes";
import { noteProviderAnswer } from "@/lib/failover/signals";

/** A try whose provider is failed over from waits only this long before it moves. */
const MOVE_DELAY_MS = 1_000;
/** A message its provider refused this many times moves on its own (lib/failover). */
const OWN_MOVE_AFTER_TRIES = 2;

// Handing one queued attempt to its provider, exactly once: the attempt is claimed (only
// one worker, only while queued), sent with the attempt id as idempotency key, and the
// answer recorded. A temporary failure keeps it queued with retry_at — the caller waits
// and calls again — until the retry budget is spent; then it fails and the caller falls
// back. A refusal is final at once. Before anything is sent, the gate (handover-gate.ts)
// refuses a recipient who is suppressed, opted out or invalid: rejected, and the caller
// falls back to the next channel the plan still allows.

export type HandoverResult =
  /** queuedJobs: early reports (lib/webhooks/early-reports.ts) reached a failure, whose fallback waits in the outbox. */
  | { kind: "accepted"; providerMessageId: string; queuedJobs?: true }
  | { kind: "wait"; delayMs: number; reason: string }
  | { kind: "failed"; failureClass: FailureClass; fallBack: boolean; message: string }
  | { kind: "moved"; attemptId: string; provider: Provider }
  | { kind: "skipped"; reason: string };

export async function handOverAttempt(deps: SendingDeps, attemptId: string): Promise<HandoverResult> {
  const now = deps.now?.() ?? new Date();
  const attempt = await claimAttemptForHandover(deps.db, { attemptId, owner: instanceId(), leaseMs: HANDOVER_LEASE_MS, now });
  if (!attempt) return await notClaimed(deps, attemptId, now);

  const rejectedLabel = defaultChannelLabel(attempt.channel, STATUS.rejected);
  const refusal = await refusalAtHandover(deps.db, attempt);
  if (refusal) {
    const outcome: HandoverOutcome = {
      kind: "failed",
      status: STATUS.rejected,
      label: rejectedLabel,
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: refusal.code,
      errorMessage: refusal.message,
    };
    await recordHandover(deps.db, { attemptId, outcome, at: now });
    return { kind: "failed", failureClass: FAILURE_CLASS.permanent_recipient, fallBack: true, message: refusal.message };
  }

  // Its provider is unhealthy (or an admin pinned another): the same content goes to another
  // provider of the channel, by a new attempt (lib/failover).
  const moveTo = await deps.failover?.moveTarget(deps.db, attempt, now);
  if (moveTo) {
    const moved = await failOverAttempt(deps.db, { attempt, to: moveTo, at: now, owner: instanceId() });
    if (moved) return { kind: "moved", attemptId: moved.id, provider: moved.provider };
    return { kind: "skipped", reason: "no longer queued" };
  }

  const files = await listAttemptFiles(deps.db, { attemptId });
  const message = toOutboundMessage(attempt, files);
  if ("problem" in message) {
    const outcome: HandoverOutcome = {
      kind: "failed",
      status: STATUS.rejected,
      label: rejectedLabel,
      failureClass: FAILURE_CLASS.permanent_content,
      errorCode: "invalid_attempt",
      errorMessage: `Not sent: ${message.problem} — fix the communication, then resend`,
    };
    await recordHandover(deps.db, { attemptId, outcome, at: now });
    return { kind: "failed", failureClass: FAILURE_CLASS.permanent_content, fallBack: false, message: outcome.errorMessage };
  }

  const adapter = deps.providers.adapterFor(attempt.provider);
  const statusCallbackUrl = deps.publicBaseUrl ? webhookUrl(deps.publicBaseUrl, attempt.provider, deps.webhookIngress) : undefined;
  const result = await sendThrough(adapter, message, { attemptId, idempotencyKey: `herald-attempt-${attemptId}`, statusCallbackUrl });
  const at = deps.now?.() ?? new Date();
  // After the answer is recorded: what it says about the provider (failover's health).
  const noteAnswer = () => noteProviderAnswer(deps, attempt, result, at);

  if (result.ok) {
    const accepted: HandoverOutcome = {
      kind: "accepted",
      status: result.status,
      label: defaultChannelLabel(attempt.channel, result.status),
      providerMessageId: result.providerMessageId,
    };
    const recorded = await recordHandover(deps.db, { attemptId, outcome: accepted, at });
    await noteAnswer();
    const early = recorded ? await applyEarlyReportsOf(deps, attempt.provider, result.providerMessageId) : null;
    return { kind: "accepted", providerMessageId: result.providerMessageId, ...(early?.failures.length ? { queuedJobs: true } : {}) };
  }

  if (result.uncertain && adapter.duplicatesOnRetry) {
    // Trying again could deliver it twice, falling back could send it by two channels.
    const name = PROVIDER_NAMES[attempt.provider];
    const errorMessage = `${UNCERTAIN_HANDOVER_LABEL}: ${name} may have sent this message — ${result.errorMessage.replace(/ — retried automatically.*$/, "")}. ${name} takes no idempotency key, so Herald does not repeat it: look it up in ${name}'s message log, and resend only if it is not there`;
    const outcome: HandoverOutcome = {
      kind: "failed",
      status: STATUS.rejected,
      label: UNCERTAIN_HANDOVER_LABEL,
      failureClass: FAILURE_CLASS.temporary,
      errorCode: UNCERTAIN_HANDOVER_CODE,
      errorMessage,
    };
    await recordHandover(deps.db, { attemptId, outcome, at });
    await noteAnswer();
    return { kind: "failed", failureClass: FAILURE_CLASS.temporary, fallBack: false, message: errorMessage };
  }

  const tries = attempt.retryCount + 1;
  // One message its provider refused twice (before acting on it: no uncertain answer, now
  // or before) goes to another provider of its channel now, whatever the channel's route —
  // once: a failover attempt refused too waits out its retries, then the next channel.
  const temporary = result.failureClass === FAILURE_CLASS.temporary;
  const ownMove = attempt.kind !== "failover" && tries >= OWN_MOVE_AFTER_TRIES;
  if (temporary && !result.uncertain && ownMove) {
    const to = await deps.failover?.alternativeFor(deps.db, attempt, at);
    const moved = to
      ? await failOverAttempt(deps.db, { attempt: { ...attempt, errorMessage: result.errorMessage }, to, at, owner: instanceId() })
      : null;
    if (moved) {
      await noteAnswer();
      return { kind: "moved", attemptId: moved.id, provider: moved.provider };
    }
  }
  // The channel fails over from this provider now (never for a try that may have reached it).
  const routedAway = async () => !result.uncertain && ((await deps.failover?.routedAway(deps.db, attempt, at)) ?? false);
  const budgetSpent = tries >= deps.retry.maxTries;
  // A temporary failure waits for its next try — or, when the channel fails over from this
  // provider, moves at once, even with its retries spent (the address was fine).
  const stillMovable = temporary && budgetSpent && (await routedAway());
  if (temporary && (!budgetSpent || stillMovable)) {
    const delayMs = Math.max(deps.retry.delayMs(tries), result.retryAfterMs ?? 0);
    const outcome: HandoverOutcome = {
      kind: "retry",
      retryAt: new Date(at.getTime() + delayMs),
      errorCode: result.errorCode,
      errorMessage: `${result.errorMessage} (try ${tries} of ${deps.retry.maxTries})`,
      uncertain: result.uncertain === true,
    };
    await recordHandover(deps.db, { attemptId, outcome, at });
    await noteAnswer();
    // Asked after the retry is recorded: a switch committed later wakes it (switchRoute).
    if (stillMovable || (await routedAway())) {
      await bringRetryForward(deps.db, { attemptId, retryAt: new Date(at.getTime() + MOVE_DELAY_MS) });
      return { kind: "wait", delayMs: MOVE_DELAY_MS, reason: `${outcome.errorMessage} — moving to another provider` };
    }
    return { kind: "wait", delayMs, reason: outcome.errorMessage };
  }

  // A temporary failure that gets here has spent its retry budget.
  const errorMessage = temporary
    ? `${PROVIDER_UNAVAILABLE_LABEL} — retries exhausted: ${PROVIDER_NAMES[attempt.provider]} could not take the message after ${tries} tries (last: ${result.errorMessage.replace(/ — retried automatically.*$/, "")}) — moved on to the next channel`
    : result.errorMessage;
  // The provider never took it — refused, or unreachable for the whole retry budget.
  const outcome: HandoverOutcome = {
    kind: "failed",
    status: STATUS.rejected,
    label: temporary ? PROVIDER_UNAVAILABLE_LABEL : rejectedLabel,
    failureClass: result.failureClass,
    errorCode: result.errorCode,
    errorMessage,
  };
  await recordHandover(deps.db, { attemptId, outcome, at });
  await noteAnswer();
  // A provider refusing the recipient (an invalid address, a number that replied STOP) says
  // so about the contact point too, as its webhooks would.
  const verdict = contactVerdict({
    provider: attempt.provider,
    eventType: "hand-over",
    effect: { kind: "status", status: STATUS.rejected, label: outcome.label, failure: outcome },
  });
  if (verdict) {
    const subject = {
      ...attempt,
      attemptId,
      contactPointId: typeof attempt.meta.contactPointId === "string" ? attempt.meta.contactPointId : null,
    };
    await applyContactVerdicts(deps.db, [
      { subject, verdict, provider: attempt.provider, eventType: "hand-over", detail: errorMessage, label: outcome.label, at },
    ]);
  }
  return {
    kind: "failed",
    failureClass: result.failureClass,
    fallBack: result.failureClass !== FAILURE_CLASS.permanent_content,
    message: errorMessage,
  };
}

/** Not claimable: already handed over (skip), or queued under a lease / retry time (wait). */
async function notClaimed(deps: SendingDeps, attemptId: string, now: Date): Promise<HandoverResult> {
  const attempt = await getAttempt(deps.db, { attemptId });
  if (!attempt) return { kind: "skipped", reason: `attempt ${attemptId} does not exist` };
  if (attempt.status !== STATUS.queued) return { kind: "skipped", reason: `already ${attempt.status}` };
  const until = Math.max(attempt.retryAt?.getTime() ?? 0, attempt.handoverLeaseUntil?.getTime() ?? 0);
  const delayMs = Math.max(1_000, until - now.getTime());
  return { kind: "wait", delayMs, reason: "waiting for its retry time or another worker's hand-over" };
}

/**
 * The reports the provider sent before the hand-over was recorded, applied now. The hand-over
 * is recorded whatever happens here: a failure is logged, and reconciliation asks the
 * provider once the attempt is overdue.
 */
async function applyEarlyReportsOf(deps: SendingDeps, provider: Provider, providerMessageId: string) {
  try {
    return await applyEarlyReports(deps.db, { provider, providerMessageId });
  } catch (error) {
    console.error(
      `[hand-over] ${provider} reports on ${providerMessageId} that came before its hand-over were not applied; reconciliation asks later`,
      error,
    );
    return null;
  }
}
