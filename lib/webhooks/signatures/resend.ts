import { Webhook } from "standardwebhooks";
import { checkTimestamp, failed, passed, toText, timingSafeEqual, type RawBody, type SignatureCheck } from "./encoding";

// Resend signs through Svix, i.e. Standard Webhooks: `svix-signature` holds space-separated
// `v1,<base64 HMAC-SHA256>` entries (several while a secret is being rotated) over
// `${svix-id}.${svix-timestamp}.${rawBody}`, keyed with the base64-decoded `whsec_` secret.
//
// standardwebhooks@1.1.1 (what resend.webhooks.verify() runs, pure JS) decodes the secret
// and computes the signature for us. We don't call its verify(): it reads Date.now() with no
// way to pin the clock and throws one generic error for every failure, while the ingress needs
// an actionable reason and the tests need a fixed `now`. The header and window checks below
// mirror it: ±5 minutes, any matching v1 entry wins, constant-time comparison.

const TOLERANCE_SECONDS = 5 * 60;

type ResendHeaderName = "svix-id" | "svix-timestamp" | "svix-signature";

export async function verifyResendWebhook(
  rawBody: RawBody,
  headers: Headers,
  secret: string,
  options: { now?: Date } = {},
): Promise<SignatureCheck> {
  const id = readHeader(headers, "svix-id");
  const timestamp = readHeader(headers, "svix-timestamp");
  const signature = readHeader(headers, "svix-signature");
  if (!id) return failed("missing svix-id header — is this request from Resend?");
  if (!timestamp) return failed("missing svix-timestamp header — is this request from Resend?");
  if (!signature) return failed("missing svix-signature header — is this request from Resend?");

  const seconds = checkTimestamp(timestamp, {
    header: "svix-timestamp",
    now: options.now ?? new Date(),
    maxAgeSeconds: TOLERANCE_SECONDS,
    maxSkewSeconds: TOLERANCE_SECONDS,
  });
  if (typeof seconds !== "number") return seconds;

  const webhook = createWebhook(secret);
  if (!webhook) {
    return failed("the Resend signing secret is not a whsec_… base64 secret — copy it from the webhook's page in Resend");
  }
  const expected = webhook.sign(id, new Date(seconds * 1000), toText(rawBody)).slice("v1,".length);
  const candidates = signature
    .split(" ")
    .filter((entry) => entry.startsWith("v1,"))
    .map((entry) => entry.slice("v1,".length));
  if (candidates.length === 0) {
    return failed("svix-signature has no v1 (HMAC-SHA256) entry — only v1 signatures are accepted");
  }
  // Check every entry so the time taken does not reveal which one matched.
  const matches = candidates.map((candidate) => timingSafeEqual(candidate, expected));
  return matches.includes(true)
    ? passed
    : failed("signature does not match — check the webhook signing secret (whsec_…) and that the raw, unparsed body is verified");
}

/** Headers a Svix/Resend delivery of `rawBody` carries, for the sandbox's signed callbacks. */
export async function signResendWebhook(
  secret: string,
  rawBody: string,
  options: { id?: string; timestamp?: number } = {},
): Promise<Record<ResendHeaderName, string>> {
  const id = options.id ?? `msg_${crypto.randomUUID()}`;
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    "svix-id": id,
    "svix-timestamp": String(timestamp),
    "svix-signature": new Webhook(secret).sign(id, new Date(timestamp * 1000), rawBody),
  };
}

// Svix sends svix-*; the Standard Webhooks spelling (webhook-*) is the same scheme.
function readHeader(headers: Headers, name: ResendHeaderName): string | null {
  return headers.get(name) ?? headers.get(name.replace("svix-", "webhook-"));
}

// The decoded secret, once per process and secret rather than per request.
const webhooks = new Map<string, Webhook | null>();

function createWebhook(secret: string): Webhook | null {
  let webhook = webhooks.get(secret);
  if (webhook === undefined) {
    if (webhooks.size >= 64) webhooks.clear();
    try {
      webhook = new Webhook(secret);
    } catch {
      webhook = null;
    }
    webhooks.set(secret, webhook);
  }
  return webhook;
}
