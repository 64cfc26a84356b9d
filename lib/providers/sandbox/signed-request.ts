import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { importSendgridSandboxKey } from "@/lib/webhooks/sandbox-secrets";
import { signPeppolPayload } from "@/lib/webhooks/signatures/peppol";
import { signPingenPayload } from "@/lib/webhooks/signatures/pingen";
import { signResendWebhook } from "@/lib/webhooks/signatures/resend";
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, signSendgridPayload } from "@/lib/webhooks/signatures/sendgrid";
import { signTwilioRequest } from "@/lib/webhooks/signatures/twilio";
import type { WebhookProvider } from "@/lib/webhooks/verify";

// A webhook request exactly as each provider sends it: body encoding and signature headers.
// The sandbox providers post these to Herald's own routes, which verify them as they verify
// the real providers; tests and the webhook benchmark build theirs the same way.

/** The body a provider posts: a JSON value, Twilio's form parameters, or exact text. */
export type WebhookBody = { json: unknown } | { form: Record<string, string> } | { text: string };

export type SignOptions = { secrets: SandboxSecrets; url: string; now?: Date; svixId?: string };

export async function signedWebhookRequest(provider: WebhookProvider, body: WebhookBody, options: SignOptions): Promise<Request> {
  const { text, contentType } = encodeBody(provider, body);
  const headers = await signatureHeaders(provider, text, body, options.url, options);
  return new Request(options.url, { method: "POST", headers: { "content-type": contentType, ...headers }, body: text });
}

export async function signatureHeaders(
  provider: WebhookProvider,
  text: string,
  body: WebhookBody,
  url: string,
  { secrets, now = new Date(), svixId }: Omit<SignOptions, "url">,
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
  if ("text" in body)
    return { text: body.text, contentType: provider === "twilio" ? "application/x-www-form-urlencoded" : "application/json" };
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
