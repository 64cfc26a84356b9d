import { type HeraldEnv, readEnv } from "@/lib/env";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { sandboxSigningSecrets, type WebhookProvider } from "@/lib/webhooks/verify";
import { type WebhookIngress, webhookUrl } from "@/lib/webhooks/webhook-url";
import { signedWebhookRequest, type WebhookBody } from "./signed-request";

// How the sandbox providers reach Herald: a signed POST to the app's own webhook route,
// retried like a provider retries (a few times, backing off) while the app is busy or
// restarting. The receiving route verifies it exactly as it verifies the real provider.

const TRIES = 5;

export function webhookPoster(options: {
  baseUrl: string;
  secrets: () => Promise<SandboxSecrets>;
  retryDelayMs?: number;
  /** Where configured webhook secrets are read (default: the process environment). */
  env?: HeraldEnv;
  /** The route it posts to, as a real provider would be told (default: direct). */
  ingress?: WebhookIngress;
}) {
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  return async (provider: WebhookProvider, body: WebhookBody): Promise<void> => {
    const url = webhookUrl(options.baseUrl, provider, options.ingress);
    // Signed with what the route verifies against: a configured secret wins over the sandbox's.
    const secrets = sandboxSigningSecrets(await options.secrets(), options.env ?? readEnv());
    // Svix keeps one message id across retries; Herald stores the event once by it.
    const svixId = `msg_${crypto.randomUUID().replaceAll("-", "")}`;
    let lastProblem = "";
    for (let attempt = 0; attempt < TRIES; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, retryDelayMs * 2 ** (attempt - 1)));
      try {
        const response = await fetch(await signedWebhookRequest(provider, body, { secrets, url, svixId }));
        if (response.ok) return;
        lastProblem = `HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`;
        // A refusal (bad signature, too large) will not change on retry.
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        lastProblem = (error as Error).message;
      }
    }
    throw new Error(`sandbox webhook to ${url} not accepted: ${lastProblem}`);
  };
}
