import { type AttemptStatus, FAILED_OVER_CODE, isFailureStatus, STATUS_RANK } from "@/lib/status";

// A message moved to another provider was never taken by the first one — as far as Herald
// knew. When that provider reports it sent or delivered after all (an answer lost in an
// outage), the customer may have it twice: the report is kept on the moved attempt and
// both detail views flag it, so staff can tell the customer or the provider.

/** What the first provider reported after the move (sent, delivered…), or null. */
export function lateSuccessAfterFailover(
  attempt: { errorCode: string | null },
  events: readonly { mappedStatus: AttemptStatus | null }[],
): AttemptStatus | null {
  if (attempt.errorCode !== FAILED_OVER_CODE) return null;
  const reported = events
    .map((event) => event.mappedStatus)
    .filter(
      (status): status is AttemptStatus => status !== null && !isFailureStatus(status) && STATUS_RANK[status] >= STATUS_RANK.accepted,
    );
  return reported.sort((a, b) => STATUS_RANK[b] - STATUS_RANK[a])[0] ?? null;
}
