import fs from "node:fs";
import path from "node:path";

// The providers' published signature test vectors, read from the shared fixtures (see
// tests/fixtures/providers/README.md and each file's .source.txt). Bodies are read as text
// exactly as stored: SendGrid's trailing CRLFs and Pingen's `\/` escapes are signed bytes.

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/providers");

function read(relative: string): string {
  return fs.readFileSync(path.join(FIXTURES, relative), "utf8");
}

function readJson<T>(relative: string): T {
  return JSON.parse(read(relative)) as T;
}

type StandardWebhooksFile = {
  symmetric_v1: Record<"secret" | "webhook-id" | "webhook-timestamp" | "payload" | "expected_webhook-signature", string>;
  asymmetric_v1a: Record<"webhook-id" | "webhook-timestamp" | "payload" | "expected_webhook-signature", string>;
};
const standardWebhooks = readJson<StandardWebhooksFile>("standard-webhooks/vector.json");

export const resendVector = {
  secret: standardWebhooks.symmetric_v1.secret,
  id: standardWebhooks.symmetric_v1["webhook-id"],
  timestamp: Number(standardWebhooks.symmetric_v1["webhook-timestamp"]),
  body: standardWebhooks.symmetric_v1.payload,
  signature: standardWebhooks.symmetric_v1["expected_webhook-signature"],
  /** Svix's Ed25519 (v1a) signature of the same message: not a scheme Resend uses. */
  asymmetricSignature: standardWebhooks.asymmetric_v1a["expected_webhook-signature"],
};

type SendgridVectorFile = {
  public_key_base64_der_spki: string;
  header_X_Twilio_Email_Event_Webhook_Signature: string;
  header_X_Twilio_Email_Event_Webhook_Timestamp: string;
  payload_file: string;
};

export const sendgridVectors = (["single", "multiple"] as const).map((name) => {
  const dir = "sendgrid/signed-event-webhook-test-vectors";
  const vector = readJson<SendgridVectorFile>(`${dir}/${name}.vector.json`);
  return {
    name,
    publicKey: vector.public_key_base64_der_spki,
    signature: vector.header_X_Twilio_Email_Event_Webhook_Signature,
    timestamp: Number(vector.header_X_Twilio_Email_Event_Webhook_Timestamp),
    body: read(`${dir}/${vector.payload_file}`),
  };
});

type TwilioVectorFile = {
  form_urlencoded: { auth_token: string; url: string; post_params: Record<string, string>; expected_X_Twilio_Signature: string };
  json_body: { auth_token: string; url: string; raw_body: string; expected_X_Twilio_Signature: string };
};
const twilio = readJson<TwilioVectorFile>("twilio/request-validation-test-vectors/vectors.json");

export const twilioFormVector = {
  authToken: twilio.form_urlencoded.auth_token,
  url: twilio.form_urlencoded.url,
  params: twilio.form_urlencoded.post_params,
  /** The form body Twilio would post: values percent-encoded (`+` → %2B). */
  body: new URLSearchParams(twilio.form_urlencoded.post_params).toString(),
  signature: twilio.form_urlencoded.expected_X_Twilio_Signature,
};

export const twilioJsonVector = {
  authToken: twilio.json_body.auth_token,
  url: twilio.json_body.url,
  body: twilio.json_body.raw_body,
  signature: twilio.json_body.expected_X_Twilio_Signature,
};

// Pingen's vectors live in its SDKs' tests; the .source.txt beside each body carries the
// secret and the expected Signature header.
export const pingenVectors = [
  "webhook_issues.signed-test-vector.body.json",
  "webhook_issues.signed-test-vector-2.body.json",
  "webhook_issues.signed-test-vector-3.body.json",
].map((file) => {
  const source = read(`pingen/webhooks/${file}.source.txt`);
  const secret = /secret = "([^"]+)"/.exec(source)?.[1];
  const signature = /Signature\s*[:=]\s*([0-9a-f]{64})/.exec(source)?.[1];
  if (!secret || !signature) throw new Error(`no secret/Signature found in pingen/webhooks/${file}.source.txt`);
  return { name: file, secret, signature, body: read(`pingen/webhooks/${file}`) };
});

/** The same text with one ASCII character in the middle replaced: a one-byte change. */
export function changeOneByte(body: string): string {
  const middle = Math.floor(body.length / 2);
  return body.slice(0, middle) + (body[middle] === "a" ? "b" : "a") + body.slice(middle + 1);
}

export function atSeconds(unixSeconds: number): Date {
  return new Date(unixSeconds * 1000);
}
