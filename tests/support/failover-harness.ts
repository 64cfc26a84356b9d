import type { attempts } from "@/db/schema";
import { resendEvent } from "@/lib/providers/sandbox/webhook-payloads";
import type { SendingDeps } from "@/lib/sending/deps";
import { handOverAttempt, type HandoverResult } from "@/lib/sending/hand-over";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { signedWebhookRequest } from "./provider-requests";
import { WEBHOOK_ROUTES } from "./webhook-routes";
import { createResendAdapter } from "@/lib/providers/resend";
import { createSendgridAdapter } from "@/lib/providers/sendgrid";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { FAKE_RESEND_KEY } from "./fakes/fake-resend";
import { FAKE_SENDGRID_KEY } from "./fakes/fake-sendgrid";
import type { FakeHttpServer } from "./fakes/http-fake";

// Driving one message through hand-overs by hand, as the send-attempt workflow does: wait
// when told to (the test's clock moves on), follow a move to its failover attempt, stop at
// an answer.

/** Resend's answer during an outage. */
export const RESEND_OUTAGE = { status: 503, json: { statusCode: 503, name: "internal_server_error", message: "Service unavailable" } };

/** E-mail through the real Resend and SendGrid adapters, pointed at local fakes of their APIs; Resend first. */
export function fakeEmailRegistry(resend: FakeHttpServer, sendgrid: FakeHttpServer): ProviderRegistry {
  const from = "Helios Énergie <factures@billing.helios-energie.example>";
  const adapters = {
    resend: createResendAdapter({ apiKey: FAKE_RESEND_KEY, from, baseUrl: resend.url }),
    sendgrid: createSendgridAdapter({ apiKey: FAKE_SENDGRID_KEY, from, baseUrl: sendgrid.url }),
  };
  return {
    providerFor: () => "resend",
    adapterFor: (provider) => {
      if (provider !== "resend" && provider !== "sendgrid") throw new Error(`no fake for ${provider}`);
      return adapters[provider];
    },
    isSandbox: () => false,
  };
}

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
