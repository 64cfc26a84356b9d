import { createHmac } from "node:crypto";
import { type HeraldEnv, readEnv } from "@/lib/env";
import { type SandboxSecrets, sandboxSecrets } from "./sandbox-secrets";
import type { SignatureCheck } from "./signatures/encoding";
import { verifyPeppolWebhook } from "./signatures/peppol";
import { verifyPingenWebhook } from "./signatures/pingen";
import { verifyResendWebhook } from "./signatures/resend";
import { verifySendgridWebhook } from "./signatures/sendgrid";
import { verifyTwilioWebhook } from "./signatures/twilio";

export const WEBHOOK_PROVIDERS = ["resend", "sendgrid", "twilio", "pingen", "peppol"] as const;
export type WebhookProvider = (typeof WEBHOOK_PROVIDERS)[number];

/** The secret (or SendGrid's public key) each provider's signature is checked against. */
export type WebhookSecrets = Record<WebhookProvider, string>;

/**
 * Configured secrets from the environment; any provider left unconfigured verifies
 * against the installation's sandbox secret (lib/webhooks/sandbox-secrets.ts), so the
 * embedded default still checks every signature.
 */
export async function webhookSecrets(env: HeraldEnv = readEnv()): Promise<WebhookSecrets> {
  const configured = configuredSecrets(env);
  if (Object.values(configured).every(Boolean)) return configured as WebhookSecrets;
  const sandbox = await sandboxSecrets(env);
  return {
    resend: configured.resend ?? sandbox.resendWebhookSecret,
    sendgrid: configured.sendgrid ?? sandbox.sendgridPublicKey,
    twilio: configured.twilio ?? sandbox.twilioAuthToken,
    pingen: configured.pingen ?? sandbox.pingenWebhookSecret,
    peppol: configured.peppol ?? sandbox.peppolWebhookSecret,
  };
}

/** What a webhook route needs from the configuration: the secrets and the public origin. */
export type WebhookConfig = { secrets: WebhookSecrets; publicBaseUrl: string | undefined };

// The variables the webhook configuration is derived from: the environment is parsed and the
// secrets resolved once per process, not per request — again only if one of these changes.
const CONFIG_VARIABLES = [
  "HERALD_PUBLIC_URL",
  "HERALD_SANDBOX_SEED",
  "HERALD_DATA_DIR",
  "RESEND_WEBHOOK_SECRET",
  "SENDGRID_WEBHOOK_PUBLIC_KEY",
  "TWILIO_AUTH_TOKEN",
  "PINGEN_WEBHOOK_SECRET",
  "PEPPOL_WEBHOOK_SECRET",
] as const;

let cachedConfig: { key: string; config: Promise<WebhookConfig> } | null = null;

export function webhookConfig(source: Record<string, string | undefined> = process.env): Promise<WebhookConfig> {
  const key = CONFIG_VARIABLES.map((name) => `${name}=${source[name] ?? ""}`).join("\n");
  if (cachedConfig?.key !== key) {
    const config = (async () => {
      const env = readEnv(source);
      return { secrets: await webhookSecrets(env), publicBaseUrl: env.HERALD_PUBLIC_URL };
    })();
    // A configuration that failed (invalid, unreadable seed) is tried again on the next request.
    config.catch(() => cachedConfig?.config === config && (cachedConfig = null));
    cachedConfig = { key, config };
  }
  return cachedConfig.config;
}

function configuredSecrets(env: HeraldEnv): Record<WebhookProvider, string | undefined> {
  return {
    resend: env.RESEND_WEBHOOK_SECRET,
    sendgrid: env.SENDGRID_WEBHOOK_PUBLIC_KEY,
    twilio: env.TWILIO_AUTH_TOKEN,
    pingen: env.PINGEN_WEBHOOK_SECRET,
    peppol: env.PEPPOL_WEBHOOK_SECRET,
  };
}

/**
 * What the sandbox providers sign with: the sandbox secrets, except for a provider whose
 * webhook secret is configured — its route verifies against that one (webhookSecrets), so a
 * sandbox provider standing in for it (no API key yet) signs with it too, or every webhook
 * would be refused and its attempts stay Accepted. SendGrid verifies with a public key,
 * which cannot sign: lib/env.ts refuses a sandbox SendGrid with a configured key.
 */
export function sandboxSigningSecrets(secrets: SandboxSecrets, env: HeraldEnv = readEnv()): SandboxSecrets {
  const configured = configuredSecrets(env);
  return {
    ...secrets,
    resendWebhookSecret: configured.resend ?? secrets.resendWebhookSecret,
    twilioAuthToken: configured.twilio ?? secrets.twilioAuthToken,
    pingenWebhookSecret: configured.pingen ?? secrets.pingenWebhookSecret,
    peppolWebhookSecret: configured.peppol ?? secrets.peppolWebhookSecret,
  };
}

/**
 * Providers whose secret the installation configured. A refused request to any other one
 * can only be a stranger's (the provider was never given the sandbox secret): noise.
 */
export function configuredWebhookProviders(env: HeraldEnv = readEnv()): WebhookProvider[] {
  const configured = configuredSecrets(env);
  return WEBHOOK_PROVIDERS.filter((provider) => Boolean(configured[provider]));
}

export type VerifyOptions = {
  secrets: WebhookSecrets;
  /** The URL the provider posted to, as it saw it (Twilio signs it). */
  publicUrl: string;
  now?: Date;
};

export function verifyWebhookRequest(
  provider: WebhookProvider,
  rawBody: Uint8Array,
  headers: Headers,
  { secrets, publicUrl, now }: VerifyOptions,
): Promise<SignatureCheck> {
  switch (provider) {
    case "resend":
      return verifyResendWebhook(rawBody, headers, secrets.resend, { now });
    case "sendgrid":
      return verifySendgridWebhook(rawBody, headers, secrets.sendgrid, { now });
    case "twilio":
      return verifyTwilioWebhook(rawBody, headers, secrets.twilio, publicUrl, { hmacSha1 });
    case "pingen":
      return verifyPingenWebhook(rawBody, headers, secrets.pingen);
    case "peppol":
      return verifyPeppolWebhook(rawBody, headers, secrets.peppol, { now });
  }
}

// Routes run on Node: the synchronous HMAC saves Twilio's verification a worker-thread hop.
const hmacSha1 = (key: string, data: Uint8Array) => new Uint8Array(createHmac("sha1", key).update(data).digest());

/**
 * The URL the provider called, which Twilio signs. HERALD_PUBLIC_URL (public origin plus any
 * path prefix a proxy strips) is authoritative. Without it the URL is rebuilt from the
 * forwarded host and scheme: `next start` reports request.url as http://localhost:PORT
 * whatever the caller used. Trusting these headers is safe here — a forged Host only
 * changes the URL we check against, and a signature over it still needs the auth token.
 */
export function publicRequestUrl(request: Request, publicBase: string | undefined): string {
  const internal = new URL(request.url);
  const base = new URL(publicBase ?? forwardedOrigin(request.headers, internal.protocol) ?? internal.origin);
  if (publicBase) base.pathname = `${base.pathname.replace(/\/$/, "")}${internal.pathname}`;
  else base.pathname = internal.pathname;
  base.search = internal.search;
  return base.toString();
}

function forwardedOrigin(headers: Headers, internalProtocol: string): string | null {
  const host = headers.get("x-forwarded-host")?.split(",")[0]?.trim() || headers.get("host");
  if (!host) return null;
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || internalProtocol.replace(/:$/, "");
  try {
    return new URL(`${proto}://${host}`).origin;
  } catch {
    return null;
  }
}
