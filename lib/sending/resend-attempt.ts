import { insertAttempt, type InsertAttemptParams } from "@/db/queries/attempt-inserts";
import { getAttempt, listAttemptDocumentIds } from "@/db/queries/sending-reads";
import type { attempts } from "@/db/schema";
import { HeraldError } from "@/lib/errors";
import type { PlannedChannel } from "@/lib/routing/plan-channels";
import { type Channel, CHANNEL_NAMES, defaultChannelLabel, FAILED_OVER_CODE, STATUS, UNCERTAIN_TRY } from "@/lib/status";
import { ROUTE_PROBE } from "@/lib/failover/routing";
import { plannedAttempt, providerForNewAttempt, snapshotOf } from "./create-attempt";
import type { SendingDeps } from "./deps";
import { type PlanningRows, planResend } from "./plan";
import { getSendingRows, type SendingRows } from "./sending-rows";

// Resend: a new attempt with the same content snapshot — subject, body,
// documents — on the same channel, to the customer's current contact details. Editing a
// sent message is impossible by design. A manual attempt has no content to repeat: its
// resend plans the channels again. Opt-outs, suppressions and invalid contact details are
// never overridden: the resend is refused with the reason instead.

type AttemptRow = typeof attempts.$inferSelect;

export async function resendAttempt(
  deps: SendingDeps,
  params: { attemptId: string; createdBy: string; communicationId?: string; bulkJobId?: string },
) {
  const original = await getAttempt(deps.db, { attemptId: params.attemptId });
  if (!original || (params.communicationId && original.communicationId !== params.communicationId)) {
    throw new HeraldError(
      404,
      "attempt_not_found",
      `Attempt ${params.attemptId} does not exist${params.communicationId ? " in this communication" : ""}`,
    );
  }
  const sending = await getSendingRows(deps.db, { communicationId: original.communicationId });
  if (!sending) throw new HeraldError(404, "communication_not_found", `Communication ${original.communicationId} does not exist`);
  const link = { kind: "resend" as const, repeatsAttemptId: original.id, createdBy: params.createdBy, bulkJobId: params.bulkJobId };
  const documentIds = await listAttemptDocumentIds(deps.db, { attemptId: original.id });
  return (await insertAttempt(deps.db, await resentAttempt(deps, sending, { original, documentIds }, link))).attempt;
}

type ResendLink = { kind: "resend"; repeatsAttemptId: string; createdBy: string; bulkJobId?: string };

/** The resend of `original`, ready to insert; a HeraldError when it cannot go (moved, no channel left). */
export async function resentAttempt(
  deps: SendingDeps,
  sending: SendingRows,
  { original, documentIds }: { original: AttemptRow; documentIds: readonly string[] },
  link: ResendLink,
): Promise<InsertAttemptParams> {
  // Moved to another provider: its failover attempt carries the message — resending the moved one would send it twice.
  const carrier = original.errorCode === FAILED_OVER_CODE ? sending.attempts.find((a) => a.repeatsAttemptId === original.id) : undefined;
  if (carrier) {
    throw new HeraldError(
      409,
      "attempt_moved",
      `Cannot resend attempt #${original.seq}: it was moved to another provider, and attempt #${carrier.seq} carries the same message — resend that one if the customer still needs it`,
    );
  }
  const target = resendTarget(sending, original);
  if (original.channel === "manual") return plannedAttempt(deps, sending, target, link);
  return {
    communicationId: original.communicationId,
    attempt: {
      ...link,
      channel: original.channel,
      provider: (await providerForNewAttempt(deps, target.channel, target.einvoiceNetwork)).provider,
      // The original content, to the current contact details: a new hash (it covers the recipient).
      ...snapshotOf(target.contactPoint, target.postal, original),
      // The same content, so the same language.
      locale: original.locale,
      status: STATUS.queued,
      statusLabel: defaultChannelLabel(original.channel, STATUS.queued),
      meta: { ...withoutRoutingFlags(original.meta), contactPointId: target.contactPointId, resendOf: original.id },
    },
    newDocuments: [],
    existingDocumentIds: documentIds,
    bulkJobId: link.bulkJobId,
  };
}

/** Where a resend of `attempt` goes now; a HeraldError 409 saying why when it cannot go anywhere. */
export function resendTarget(rows: PlanningRows, attempt: { channel: Channel }): PlannedChannel {
  const { plan, skipped, manualMessage } = planResend(rows, attempt);
  if (plan[0]) return plan[0];
  if (attempt.channel === "manual") throw new HeraldError(409, "no_channel", `Cannot resend: ${manualMessage ?? "no channel to send on"}`);
  const why = skipped.map((skip) => skip.reason).join("; ") || "no usable contact details";
  // A suppression's reason already says what to do (lift it); the others need new details.
  const advice = skipped.some((skip) => skip.cause === "suppressed") ? "" : " — update the customer's contact details or preferences first";
  throw new HeraldError(409, "channel_unavailable", `Cannot resend by ${CHANNEL_NAMES[attempt.channel]}: ${why}${advice}`);
}

/** A resend is a new message: the original's probe and uncertain-try marks stay with it. */
function withoutRoutingFlags(meta: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...meta };
  delete copy[ROUTE_PROBE];
  delete copy[UNCERTAIN_TRY];
  return copy;
}
