import type { Db } from "@/db/client";
import { listAttemptsAwaitingFeedback } from "@/db/queries/attempts";
import { applyStatusAnswer } from "@/lib/reconciliation/apply-status-answer";
import { AWAITING_FEEDBACK_STATUSES } from "@/lib/status";
import type { AttemptFailure } from "@/lib/webhooks/plan-feedback";
import type { ChorusProClient } from "./chorus-pro";
import { fetchChorusProStatus } from "./chorus-pro-status";

// Chorus Pro has no webhooks: every open Chorus Pro attempt (accepted or sent) is polled
// and its current status goes through the same store-then-apply path as a webhook. A deposit
// is first mapped to its invoice (chorus-pro-status.ts: flux → identifiantFactureCPP), which
// the attempt is tracked by from then on. A status seen before is a duplicate event and
// changes nothing, so polling often is cheap.

export type ChorusProPollSummary = {
  polled: number;
  applied: number;
  unchanged: number;
  errors: { attemptId: string; message: string }[];
  failures: AttemptFailure[];
};

export async function pollChorusProStatuses(
  db: Db,
  params: { client: ChorusProClient; now: Date; limit: number },
): Promise<ChorusProPollSummary> {
  const open = await listAttemptsAwaitingFeedback(db, {
    provider: "chorus_pro",
    statuses: AWAITING_FEEDBACK_STATUSES,
    limit: params.limit,
  });
  const summary: ChorusProPollSummary = { polled: 0, applied: 0, unchanged: 0, errors: [], failures: [] };
  for (const attempt of open) {
    if (!attempt.providerMessageId) continue;
    summary.polled++;
    const tracked = { ...attempt, providerMessageId: attempt.providerMessageId };
    try {
      const answer = await fetchChorusProStatus(params.client, { ...tracked, attemptId: attempt.id, postalCode: null });
      const result = await applyStatusAnswer(db, tracked, answer, params.now);
      if (result.outcome === "unknown" || result.outcome === "unsupported")
        summary.errors.push({ attemptId: attempt.id, message: result.message });
      else if (result.outcome === "moved") summary.applied++;
      else summary.unchanged++;
      summary.failures.push(...result.failures);
    } catch (error) {
      // One invoice failing (a database conflict, an unexpected answer) must not stop the others.
      summary.errors.push({ attemptId: attempt.id, message: (error as Error).message });
    }
  }
  return summary;
}
