import type { Db } from "@/db/client";
import { listAttemptsAwaitingFeedback } from "@/db/queries/attempts";
import { AWAITING_FEEDBACK_STATUSES } from "@/lib/status";
import { applyProviderEvents } from "@/lib/webhooks/apply-provider-events";
import type { AttemptFailure } from "@/lib/webhooks/plan-feedback";
import { chorusProEvent } from "@/lib/webhooks/chorus-pro";
import type { ChorusProClient } from "./chorus-pro";

// Chorus Pro has no webhooks: every open Chorus Pro attempt (accepted or sent) is polled
// and its current status goes through the same store-then-apply path as a webhook. A status
// seen before is a duplicate event and changes nothing, so polling often is cheap.

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
    try {
      const status = await params.client.getInvoiceStatus(attempt.providerMessageId);
      const result = await applyProviderEvents(db, [chorusProEvent(status)], { receivedAt: params.now });
      if (result.events[0]?.outcome === "applied") summary.applied++;
      else summary.unchanged++;
      summary.failures.push(...result.failures);
    } catch (error) {
      // One invoice failing (timeout, unknown id) must not stop the others.
      summary.errors.push({ attemptId: attempt.id, message: (error as Error).message });
    }
  }
  return summary;
}
