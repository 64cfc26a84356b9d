import type { Db } from "@/db/client";
import { getAttemptStatuses, renameProviderMessageId } from "@/db/queries/reconciliation";
import type { StatusAnswer } from "@/lib/providers/types";
import type { AttemptStatus } from "@/lib/status";
import { applyProviderEvents } from "@/lib/webhooks/apply-provider-events";
import type { AttemptFailure } from "@/lib/webhooks/plan-feedback";

// A provider's answer about one attempt, applied as its webhook would be: the events go
// through store-then-apply (lib/webhooks/apply-provider-events.ts) — stored once per event
// key, moved only as the status model allows — and a message the provider named anew is
// tracked by its new id first, so the events find it.

export type AppliedStatusAnswer =
  { outcome: "moved" | "unchanged"; failures: AttemptFailure[] } | { outcome: "unknown" | "unsupported"; failures: []; message: string };

export async function applyStatusAnswer(
  db: Db,
  attempt: { id: string; status: AttemptStatus; providerMessageId: string },
  answer: StatusAnswer,
  receivedAt: Date,
): Promise<AppliedStatusAnswer> {
  if (answer.kind === "unsupported") return { outcome: "unsupported", failures: [], message: answer.reason };
  if (answer.kind !== "events") return { outcome: "unknown", failures: [], message: answer.message };
  if (answer.providerMessageId && answer.providerMessageId !== attempt.providerMessageId) {
    await renameProviderMessageId(db, { attemptId: attempt.id, from: attempt.providerMessageId, to: answer.providerMessageId });
  }
  const { failures } = await applyProviderEvents(db, answer.events, { receivedAt });
  const now = (await getAttemptStatuses(db, { attemptIds: [attempt.id] })).get(attempt.id);
  return { outcome: now && now !== attempt.status ? "moved" : "unchanged", failures };
}
