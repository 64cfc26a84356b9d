import { deriveSandboxSecrets, type SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { type SignOptions, signedWebhookRequest as signWebhookRequest, type WebhookBody } from "@/lib/providers/sandbox/signed-request";
import type { WebhookProvider } from "@/lib/webhooks/verify";

// Signed webhook requests for route tests, property tests and the benchmark, signed with
// the sandbox secrets of TEST_SANDBOX_SEED (set HERALD_SANDBOX_SEED to it) and addressed to
// a test origin unless a URL is given.

export const TEST_SANDBOX_SEED = "herald-test-sandbox-seed-0001";
export const WEBHOOK_BASE_URL = "http://herald.test";

export function testSecrets(seed = TEST_SANDBOX_SEED): Promise<SandboxSecrets> {
  return deriveSandboxSecrets(seed);
}

export function signedWebhookRequest(
  provider: WebhookProvider,
  body: WebhookBody,
  options: Omit<SignOptions, "url"> & { url?: string },
): Promise<Request> {
  return signWebhookRequest(provider, body, { ...options, url: options.url ?? `${WEBHOOK_BASE_URL}/api/webhooks/${provider}` });
}
