import { listAttempts, listDocumentIdsOfAttempts } from "@/db/queries/sending-reads";
import { HeraldError } from "@/lib/errors";
import { STATUS } from "@/lib/status";
import { prepareAndInsert, type Prepared } from "./attempt-batch";
import type { SendingDeps } from "./deps";
import { resentAttempt } from "./resend-attempt";
import { listSendingRows } from "./sending-rows";
import { firstAttempt } from "./start-communication";

// One communication of a bulk send: never sent → its first attempt; already sent → a
// resend of its latest attempt (same content, current contact details). Once per bulk
// job: asked again (a batch run again after a crash), insertAttempts returns the attempt
// this job made. An attempt still waiting to go out is not doubled. A refusal (opted out,
// no usable contact) is reported, not thrown: the rest of the batch goes on. A batch of
// communications is read in one go and written in one transaction.

export type SendAgainResult =
  | { kind: "queued"; attemptId: string }
  | { kind: "manual"; attemptId: string }
  | { kind: "rejected"; attemptId: string }
  | { kind: "refused"; reason: string };

type SendAgainParams = { createdBy: string; bulkJobId?: string };

export async function sendAgain(deps: SendingDeps, params: SendAgainParams & { communicationId: string }): Promise<SendAgainResult> {
  const [result] = await sendAgainMany(deps, { ...params, communicationIds: [params.communicationId] });
  return result!;
}

/** sendAgain for each communication, in the order given. */
export async function sendAgainMany(deps: SendingDeps, params: SendAgainParams & { communicationIds: readonly string[] }) {
  const ids = [...new Set(params.communicationIds)];
  const rowsOf = new Map((await listSendingRows(deps.db, { ids })).map((rows) => [rows.communication.id, rows]));
  // The latest attempt of each, to resend: with its content and its documents.
  const latestIds = [...rowsOf.values()].flatMap((rows) => rows.attempts.at(-1)?.id ?? []);
  const [originals, documentsOf] = await Promise.all([
    listAttempts(deps.db, { ids: latestIds }),
    listDocumentIdsOfAttempts(deps.db, { attemptIds: latestIds }),
  ]);
  const originalOf = new Map(originals.map((attempt) => [attempt.id, attempt]));
  const outcomes = await prepareAndInsert<SendAgainResult>(deps.db, ids, {
    prepare: async (id): Promise<Prepared<SendAgainResult>> => {
      const sending = rowsOf.get(id);
      if (!sending) return { outcome: { kind: "refused", reason: "communication not found" } };
      const latest = sending.attempts.at(-1);
      // Still waiting to go out (being planned or handed over right now): it goes anyway, and
      // a second attempt beside it would reach the customer twice.
      if (latest?.status === STATUS.queued) return { outcome: { kind: "queued", attemptId: latest.id } };
      if (!latest) {
        const first = await firstAttempt(deps, sending, { kind: "first", bulkJobId: params.bulkJobId });
        return "insert" in first
          ? first
          : { outcome: { kind: "refused", reason: first.outcome.kind === "skipped" ? first.outcome.reason : "" } };
      }
      const original = originalOf.get(latest.id)!;
      const link = { kind: "resend" as const, repeatsAttemptId: original.id, createdBy: params.createdBy, bulkJobId: params.bulkJobId };
      try {
        return { insert: await resentAttempt(deps, sending, { original, documentIds: documentsOf.get(original.id) ?? [] }, link) };
      } catch (error) {
        if (error instanceof HeraldError) return { outcome: { kind: "refused", reason: error.message } };
        throw error;
      }
    },
    // A first attempt a moment ago by its own planning job is this send too: insertAttempts returns it.
    written: ({ attempt }) =>
      attempt.status === STATUS.rejected
        ? { kind: "rejected", attemptId: attempt.id }
        : attempt.status === STATUS.manual_required
          ? { kind: "manual", attemptId: attempt.id }
          : { kind: "queued", attemptId: attempt.id },
  });
  return params.communicationIds.map((id) => outcomes.get(id)!);
}
