import type { attempts } from "@/db/schema";
import type { SendResult } from "@/lib/providers/types";
import type { SendingDeps } from "@/lib/sending/deps";
import { FAILURE_CLASS } from "@/lib/status";

// What one hand-over answer says about its provider, for failover (lib/failover/routing.ts):
// it took the message, it answered and refused the message itself (it is up; nothing to
// wait a report for), or it is in trouble (429, 5xx, timeout, unreachable). Noted after the
// answer is recorded, and never at its expense: a signal that cannot be written is logged,
// and the provider's health is assessed from the next answers.

export async function noteProviderAnswer(
  deps: SendingDeps,
  attempt: Pick<typeof attempts.$inferSelect, "id" | "channel" | "provider">,
  result: SendResult,
  at: Date,
): Promise<void> {
  if (!deps.failover) return;
  const trouble = !result.ok && result.failureClass === FAILURE_CLASS.temporary;
  try {
    await deps.failover.record(deps.db, {
      channel: attempt.channel,
      provider: attempt.provider,
      // A refusal of the message carries no attempt: no report will come for it to be judged on.
      attemptId: result.ok || trouble ? attempt.id : null,
      ok: !trouble,
      errorCode: result.ok ? null : result.errorCode,
      at,
    });
  } catch (error) {
    console.error(
      `[failover] ${attempt.provider}'s answer for attempt ${attempt.id} was not noted; health follows the next answers`,
      error,
    );
  }
}
