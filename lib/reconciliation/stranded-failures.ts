import type { Db } from "@/db/client";
import { listStrandedFailures } from "@/db/queries/reconciliation";
import { noFallbackReason } from "@/lib/sending/fallback-rule";
import { isFailureStatus } from "@/lib/status";
import type { AttemptFailure } from "@/lib/webhooks/plan-feedback";
import { STRANDED_AFTER_MS, STRANDED_WINDOW_MS } from "./sla";

// Failed attempts whose fallback never ran: the failure was committed, but the
// herald/attempt.failed that should have followed was lost (a publishing error, a crash
// between the two, a fall-back job that gave up). The latest attempt of a communication,
// failed for a reason that falls back (lib/sending/fallback-rule.ts), recorded more than a
// few minutes ago with nothing after it, is handed to the sending engine again — as the
// herald/attempt.failed it should have had (inngest/events.ts). The fallback itself is
// idempotent (one per failed attempt), so handing one over twice sends nothing twice.

export async function findStrandedFailures(
  db: Db,
  params: { now: Date; olderThanMs?: number; windowMs?: number; limit?: number },
): Promise<AttemptFailure[]> {
  const rows = await listStrandedFailures(db, {
    failedBefore: new Date(params.now.getTime() - (params.olderThanMs ?? STRANDED_AFTER_MS)),
    createdAfter: new Date(params.now.getTime() - (params.windowMs ?? STRANDED_WINDOW_MS)),
    limit: params.limit ?? 500,
  });
  // The query encodes the rule; checking it again here keeps the two from drifting apart.
  return rows.flatMap(({ status, failureClass, errorMessage, ...row }) =>
    isFailureStatus(status) && failureClass && noFallbackReason({ status, failureClass, errorCode: row.errorCode }) === null
      ? [{ ...row, status, failureClass, errorMessage: errorMessage ?? "failed (no message recorded)" }]
      : [],
  );
}
