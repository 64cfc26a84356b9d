import type { attempts } from "@/db/schema";
import { resendEvent } from "@/lib/providers/sandbox/webhook-payloads";
import type { SendingDeps } from "@/lib/sending/deps";
import { handOverAttempt, type HandoverResult } from "@/lib/sending/hand-over";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { signedWebhookRequest } from "./provider-requests";
import { WEBHOOK_ROUTES } from "./webhook-routes";

// Driving one message through hand-overs by hand, as the send-attempt workflow does: wait
// when told to (the test's clock moves on), follow a move to its failover attempt, stop at
// an answer.

export async function driveToHandover(deps: SendingDeps, attemptId: string, tick: (ms: number) => void): Promise<HandoverResult> {
  let id = attemptId;
  for (let round = 0; round < 20; round++) {
    const result = await handOverAttempt(deps, id);
    if (result.kind === "moved") id = result.attemptId;
    else if (result.kind === "wait") tick(result.delayMs);
    else return result;
  }
  throw new Error(`attempt ${attemptId} was still not handed over after 20 rounds`);
}

/** Resend reports on an attempt (a signed webhook through the real route), as of `at`. */
export async function deliverResendEvent(secrets: SandboxSecrets, type: string, attempt: typeof attempts.$inferSelect, at: Date) {
  const body = resendEvent(type, attempt.providerMessageId ?? `re_lost_${attempt.id}`, { tags: { attempt_id: attempt.id } }, at);
  const response = await WEBHOOK_ROUTES.resend(await signedWebhookRequest("resend", { json: body }, { secrets }));
  if (!response.ok) throw new Error(`resend webhook answered ${response.status}: ${await response.text()}`);
}
