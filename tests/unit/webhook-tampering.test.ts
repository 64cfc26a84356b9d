import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { decodeBase64 } from "@/lib/webhooks/signatures/encoding";
import { verifyWebhookRequest, WEBHOOK_PROVIDERS, type WebhookProvider, type WebhookSecrets } from "@/lib/webhooks/verify";
import { encodeBody, signatureHeaders, type WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { testSecrets } from "../support/provider-requests";
import { pingenWebhook, sendgridEvent, twilioCallback } from "@/lib/providers/sandbox/webhook-payloads";

// Fuzzed tampering: a request signed by the (sandbox) provider verifies; change any byte of
// the body, any signed header, the timestamp, the URL or the secret, and it is refused.
//
// Two kinds of change are not tampering and are skipped: a signature spelled differently
// but decoding to the same MAC (hex case, unused base64 bits), and a Twilio body whose
// signed string is unchanged — Twilio signs name+value pairs concatenated, so
// "From=HELIOS" and "From&HELIOS" sign identically; that is Twilio's scheme, and the
// stored event would still be exactly what Twilio signed.

const URL = "https://herald.example/api/webhooks/twilio?tenant=1";
const NOW = new Date("2026-01-15T10:00:00Z");

let secrets: SandboxSecrets;
let other: SandboxSecrets;
beforeAll(async () => {
  secrets = await testSecrets();
  other = await testSecrets("another-installation-seed");
});

const asVerifierSecrets = (s: SandboxSecrets): WebhookSecrets => ({
  resend: s.resendWebhookSecret,
  sendgrid: s.sendgridPublicKey,
  twilio: s.twilioAuthToken,
  pingen: s.pingenWebhookSecret,
  peppol: s.peppolWebhookSecret,
});

const SIGNED_HEADERS: Record<WebhookProvider, string[]> = {
  resend: ["svix-id", "svix-timestamp", "svix-signature"],
  sendgrid: ["x-twilio-email-event-webhook-signature", "x-twilio-email-event-webhook-timestamp"],
  twilio: ["x-twilio-signature"],
  pingen: ["signature"],
  peppol: ["x-peppol-signature", "x-peppol-timestamp"],
};
const TIMESTAMP_HEADER: Partial<Record<WebhookProvider, string>> = {
  resend: "svix-timestamp",
  sendgrid: "x-twilio-email-event-webhook-timestamp",
  peppol: "x-peppol-timestamp",
};

function bodyFor(provider: WebhookProvider, id: string): WebhookBody {
  switch (provider) {
    case "resend":
      return { json: { type: "email.delivered", created_at: NOW.toISOString(), data: { email_id: id } } };
    case "sendgrid":
      return { json: [sendgridEvent("delivered", id), sendgridEvent("open", id)] };
    case "twilio":
      return { form: twilioCallback(`SM${id.replaceAll("-", "")}`, "delivered") };
    case "pingen":
      return { json: pingenWebhook("webhook_sent", id) };
    case "peppol":
      return { json: { eventId: id, event: "transmission.sent", transmissionId: id } };
  }
}

async function signed(provider: WebhookProvider, id: string) {
  const body = bodyFor(provider, id);
  const { text } = encodeBody(provider, body);
  const headers = await signatureHeaders(provider, text, body, URL, { secrets, now: NOW, svixId: `msg_${id}` });
  return { text, headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])) };
}

function verify(
  provider: WebhookProvider,
  text: string,
  headers: Record<string, string>,
  options: { url?: string; secrets?: SandboxSecrets } = {},
) {
  return verifyWebhookRequest(provider, new TextEncoder().encode(text), new Headers(headers), {
    secrets: asVerifierSecrets(options.secrets ?? secrets),
    publicUrl: options.url ?? URL,
    now: NOW,
  });
}

const replaceChar = (value: string, index: number, char: string) => value.slice(0, index) + char + value.slice(index + 1);

function sameSignature(provider: WebhookProvider, name: string, a: string, b: string): boolean {
  if (name.endsWith("timestamp") || name === "svix-id" || provider === "resend") return a === b;
  if (provider === "pingen" || provider === "peppol") return a.toLowerCase() === b.toLowerCase();
  const [left, right] = [decodeBase64(a), decodeBase64(b)];
  return left !== null && right !== null && left.length === right.length && left.every((byte, i) => byte === right[i]);
}

function twilioSignedString(text: string): string {
  const params = new URLSearchParams(text);
  return [...new Set(params.keys())]
    .sort()
    .flatMap((name) => [...new Set(params.getAll(name))].sort().map((value) => name + value))
    .join("");
}

const RUNS = 60;

describe.each(WEBHOOK_PROVIDERS)("%s", (provider) => {
  it("accepts the untouched request", async () => {
    const { text, headers } = await signed(provider, crypto.randomUUID());
    expect(await verify(provider, text, headers)).toEqual({ ok: true });
  });

  it("refuses any one-character change of the body", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), fc.nat(), fc.string({ minLength: 1, maxLength: 1, unit: "binary-ascii" }), async (id, at, char) => {
        const { text, headers } = await signed(provider, id);
        const index = at % text.length;
        fc.pre(text[index] !== char);
        const tampered = replaceChar(text, index, char);
        if (provider === "twilio") fc.pre(twilioSignedString(tampered) !== twilioSignedString(text));
        expect((await verify(provider, tampered, headers)).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("refuses a changed, emptied or missing signed header", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uuid(),
        fc.constantFrom(...SIGNED_HEADERS[provider]),
        fc.oneof(
          fc.constant({ kind: "delete" as const }),
          fc.constant({ kind: "empty" as const }),
          fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), char: fc.constantFrom(..."0123456789abcdefABCDEF+/=,x ") }),
        ),
        async (id, name, change) => {
          const { text, headers } = await signed(provider, id);
          const original = headers[name]!;
          const tampered = { ...headers };
          if (change.kind === "delete") delete tampered[name];
          else if (change.kind === "empty") tampered[name] = "";
          else {
            const value = replaceChar(original, change.at % original.length, change.char);
            fc.pre(!sameSignature(provider, name, value, original));
            tampered[name] = value;
          }
          expect((await verify(provider, text, tampered)).ok).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("refuses a request signed with another installation's secret", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid(), async (id) => {
        const { text, headers } = await signed(provider, id);
        expect((await verify(provider, text, headers, { secrets: other })).ok).toBe(false);
      }),
      { numRuns: 10 },
    );
  });
});

describe.each(Object.entries(TIMESTAMP_HEADER) as [WebhookProvider, string][])("%s timestamp", (provider, name) => {
  it("refuses a shifted timestamp, inside or outside the window", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uuid(),
        fc.integer({ min: -200_000, max: 200_000 }).filter((shift) => shift !== 0),
        async (id, shift) => {
          const { text, headers } = await signed(provider, id);
          const tampered = { ...headers, [name]: String(Number(headers[name]) + shift) };
          expect((await verify(provider, text, tampered)).ok).toBe(false);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe("twilio URL", () => {
  it("refuses the request when the URL Twilio called differs", async () => {
    const { text, headers } = await signed("twilio", crypto.randomUUID());
    for (const url of [
      URL.replace("tenant=1", "tenant=2"),
      URL.replace("https", "http"),
      URL.replace("herald.example", "herald.internal"),
    ]) {
      expect((await verify("twilio", text, headers, { url })).ok).toBe(false);
    }
  });
});
