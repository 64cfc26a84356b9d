import { randomUUID } from "node:crypto";
import { PROVIDER_NAMES } from "@/lib/attempts";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { temporaryHttpFailure } from "../http-failure";
import { SENDGRID_NO_STATUS_API } from "../status/unsupported";
import { type AnyProviderAdapter, type OutboundMessage, type ProviderAdapter, type SendContext, withoutStatusApi } from "../types";
import { sandboxScenario, type SandboxScenario } from "./scenarios";
import { sandboxStatus } from "./sandbox-status";
import type { WebhookBody } from "./signed-request";
import { peppolEvent, pingenWebhook, resendEvent, sendgridEvent, twilioCallback } from "./webhook-payloads";
import { STATUS } from "@/lib/status";

// A sandbox provider: what Herald uses for a channel without credentials (the embedded
// default). It accepts the send like the real API would, then — a moment later — posts
// the provider's own webhooks, correctly signed, to Herald's webhook route, so the loop
// send → webhook → status runs offline. The magic recipients (scenarios.ts, README) choose
// the outcome: delivered, bounced, blocked, undelivered, returned, rejected, or an outage.

export type SandboxOptions = {
  /** Posts one signed webhook to Herald (lib/providers/sandbox/deliver-webhook.ts). */
  deliver: (provider: WebhookProvider, body: WebhookBody) => Promise<void>;
  /** Pause before each webhook, as a provider takes a moment to report. */
  delayMs: number;
};

type Delivery = { body: WebhookBody };

/** Every webhook delivery still pending, across sandbox adapters: tests and shutdown wait on it. */
const pending = new Set<Promise<void>>();

export function createSandboxAdapter(provider: WebhookProvider, options: SandboxOptions): AnyProviderAdapter {
  const adapter: ProviderAdapter = {
    provider,
    channel: CHANNEL_OF[provider],
    async send(message, context) {
      const scenario = sandboxScenario(message, provider);
      if (scenario === "outage") {
        return temporaryHttpFailure(`${PROVIDER_NAMES[provider]} (sandbox)`, 503, "service unavailable for this magic recipient");
      }
      const providerMessageId = messageIdFor(provider);
      schedule(provider, webhooksFor(provider, scenario, providerMessageId, message, context), options);
      return { ok: true, providerMessageId, status: STATUS.accepted };
    },
    // Each sandbox answers status queries as its provider's API does; SendGrid has none.
    ...(provider === "sendgrid"
      ? withoutStatusApi(SENDGRID_NO_STATUS_API)
      : { statusSupport: { supported: true } as const, fetchStatus: async (query) => sandboxStatus(provider, query) }),
  };
  // One implementation serves every channel; its `channel` says which one it takes.
  return adapter as AnyProviderAdapter;
}

/** Resolves once every webhook the sandbox has scheduled so far has been posted. */
export async function settleSandboxWebhooks(): Promise<void> {
  while (pending.size > 0) await Promise.allSettled([...pending]);
}

function schedule(provider: WebhookProvider, deliveries: Delivery[], options: SandboxOptions) {
  // In order, each after the delay: providers report sent before delivered.
  const run = deliveries.reduce<Promise<void>>(
    (previous, delivery) =>
      previous.then(async () => {
        await new Promise((resolve) => setTimeout(resolve, options.delayMs));
        await options.deliver(provider, delivery.body);
      }),
    Promise.resolve(),
  );
  const tracked = run.catch((error) => console.error(`[sandbox] ${PROVIDER_NAMES[provider]} webhook not delivered`, error));
  pending.add(tracked);
  void tracked.finally(() => pending.delete(tracked));
}

function webhooksFor(
  provider: WebhookProvider,
  scenario: Exclude<SandboxScenario, "outage">,
  id: string,
  message: OutboundMessage,
  context: SendContext,
): Delivery[] {
  const json = (value: unknown): Delivery => ({ body: { json: value } });
  switch (provider) {
    case "resend": {
      const data = {
        to: [message.to],
        subject: message.channel === "email" ? message.subject : "",
        tags: [{ name: "attempt_id", value: context.attemptId }],
      };
      const last =
        scenario === "bounced"
          ? resendEvent("email.bounced", id, {
              ...data,
              bounce: { type: "Permanent", subType: "General", message: "550 5.1.1 mailbox unavailable (sandbox)" },
            })
          : scenario === "blocked"
            ? resendEvent("email.bounced", id, {
                ...data,
                bounce: { type: "Transient", subType: "MessageRejected", message: "421 4.7.0 message blocked (sandbox)" },
              })
            : resendEvent("email.delivered", id, data);
      return [json(resendEvent("email.sent", id, data)), json(last)];
    }
    case "sendgrid": {
      const common = { email: message.to, attempt_id: context.attemptId };
      const last =
        scenario === "bounced"
          ? sendgridEvent("bounce", id, { ...common, reason: "550 5.1.1 unknown recipient (sandbox)", status: "5.1.1", type: "bounce" })
          : scenario === "blocked"
            ? sendgridEvent("bounce", id, { ...common, reason: "421 4.7.0 blocked (sandbox)", status: "4.7.0", type: "blocked" })
            : sendgridEvent("delivered", id, { ...common, response: "250 OK" });
      // SendGrid posts batches: a JSON array.
      return [json([sendgridEvent("processed", id, common)]), json([last])];
    }
    case "twilio": {
      const sent = { body: { form: { ...twilioCallback(id, "sent"), To: message.to } } };
      const last = scenario === "undelivered" ? twilioCallback(id, "undelivered", "30005") : twilioCallback(id, "delivered");
      return [sent, { body: { form: { ...last, To: message.to } } }];
    }
    case "pingen": {
      const last =
        scenario === "returned"
          ? pingenWebhook("webhook_undeliverable", id, { code: "returned_to_sender", reason: "Addressee unknown (sandbox)" })
          : pingenWebhook("webhook_delivered", id, { code: "delivered" });
      return [json(pingenWebhook("webhook_sent", id, { code: "sent" })), json(last)];
    }
    case "peppol": {
      const common = { attemptId: context.attemptId };
      if (scenario === "not_registered") {
        return [
          json(
            peppolEvent("transmission.failed", id, {
              ...common,
              error: { code: "receiver_not_registered", message: "Participant not found in the SMP (sandbox)" },
            }),
          ),
        ];
      }
      const last =
        scenario === "rejected"
          ? peppolEvent("mls.RE", id, {
              ...common,
              mls: {
                responseCode: "RE",
                reasons: [{ code: "BV", description: "[BR-CO-15]-Invoice total amount with VAT is wrong (sandbox)" }],
              },
            })
          : peppolEvent("mls.AP", id, { ...common, mls: { responseCode: "AP" } });
      return [json(peppolEvent("transmission.sent", id, common)), json(last)];
    }
  }
}

function messageIdFor(provider: WebhookProvider): string {
  const hex = randomUUID().replaceAll("-", "");
  switch (provider) {
    case "twilio":
      return `SM${hex}`;
    case "sendgrid":
      // SendGrid's X-Message-Id: 22 characters of URL-safe base64.
      return Buffer.from(hex, "hex").toString("base64url").slice(0, 22);
    default:
      return randomUUID();
  }
}

const CHANNEL_OF = { resend: "email", sendgrid: "email", twilio: "sms", pingen: "post", peppol: "einvoice" } as const;
