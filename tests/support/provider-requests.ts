import { deriveSandboxSecrets, importSendgridSandboxKey, type SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { signPeppolPayload } from "@/lib/webhooks/signatures/peppol";
import { signPingenPayload } from "@/lib/webhooks/signatures/pingen";
import { signResendWebhook } from "@/lib/webhooks/signatures/resend";
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, signSendgridPayload } from "@/lib/webhooks/signatures/sendgrid";
import { signTwilioRequest } from "@/lib/webhooks/signatures/twilio";
import type { WebhookProvider } from "@/lib/webhooks/verify";

// Signed webhook requests in each provider's real format, as the providers (and Herald's
// sandbox providers) send them, for route tests, property tests and the benchmark.
// Signed with the sandbox secrets of TEST_SANDBOX_SEED: set HERALD_SANDBOX_SEED to it.

export const TEST_SANDBOX_SEED = "herald-test-sandbox-seed-0001";
export const WEBHOOK_BASE_URL = "http://herald.test";

export function testSecrets(seed = TEST_SANDBOX_SEED): Promise<SandboxSecrets> {
  return deriveSandboxSecrets(seed);
}

/** The body a provider posts: a JSON value, Twilio's form parameters, or exact text. */
export type WebhookBody = { json: unknown } | { form: Record<string, string> } | { text: string };

export type SignOptions = { secrets: SandboxSecrets; now?: Date; url?: string; svixId?: string };

export async function signedWebhookRequest(provider: WebhookProvider, body: WebhookBody, options: SignOptions): Promise<Request> {
  const url = options.url ?? `${WEBHOOK_BASE_URL}/api/webhooks/${provider}`;
  const { text, contentType } = encodeBody(provider, body);
  const headers = await signatureHeaders(provider, text, body, url, options);
  return new Request(url, { method: "POST", headers: { "content-type": contentType, ...headers }, body: text });
}

export async function signatureHeaders(
  provider: WebhookProvider,
  text: string,
  body: WebhookBody,
  url: string,
  { secrets, now = new Date(), svixId }: SignOptions,
): Promise<Record<string, string>> {
  const seconds = Math.floor(now.getTime() / 1000);
  switch (provider) {
    case "resend":
      return signResendWebhook(secrets.resendWebhookSecret, text, { id: svixId, timestamp: seconds });
    case "sendgrid": {
      const key = await sendgridKey(secrets);
      return {
        [SENDGRID_SIGNATURE_HEADER]: await signSendgridPayload(key, seconds, text),
        [SENDGRID_TIMESTAMP_HEADER]: String(seconds),
      };
    }
    case "twilio":
      return signTwilioRequest(secrets.twilioAuthToken, url, "form" in body ? body.form : Object.fromEntries(new URLSearchParams(text)));
    case "pingen":
      return signPingenPayload(secrets.pingenWebhookSecret, text);
    case "peppol":
      return signPeppolPayload(secrets.peppolWebhookSecret, text, seconds);
  }
}

export function encodeBody(provider: WebhookProvider, body: WebhookBody): { text: string; contentType: string } {
  if ("text" in body) return { text: body.text, contentType: provider === "twilio" ? "application/x-www-form-urlencoded" : "application/json" };
  if ("form" in body) return { text: new URLSearchParams(body.form).toString(), contentType: "application/x-www-form-urlencoded" };
  // SendGrid's batches end with CRLF, and the signature covers it.
  return { text: JSON.stringify(body.json) + (provider === "sendgrid" ? "\r\n" : ""), contentType: "application/json" };
}

const sendgridKeys = new WeakMap<SandboxSecrets, Promise<CryptoKey>>();

function sendgridKey(secrets: SandboxSecrets): Promise<CryptoKey> {
  let key = sendgridKeys.get(secrets);
  if (!key) {
    key = importSendgridSandboxKey(secrets);
    sendgridKeys.set(secrets, key);
  }
  return key;
}
