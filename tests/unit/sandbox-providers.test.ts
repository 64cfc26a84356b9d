import { describe, expect, it } from "vitest";
import { createSandboxAdapter, settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { SANDBOX_MAGIC } from "@/lib/providers/sandbox/scenarios";
import { encodeBody, type WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { sendThrough, type OutboundMessage } from "@/lib/providers/types";
import type { ProviderEvent } from "@/lib/webhooks/provider-event";
import { PARSERS } from "@/lib/webhooks/receive";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { readFixture } from "../support/fakes/http-fake";

// The sandbox providers must speak each provider's real format: their payloads are held to
// the providers' published examples (tests/fixtures/providers) key by key, and Herald's own parsers
// must read each magic recipient's story as the README tells it.

const PDF = { filename: "letter.pdf", contentType: "application/pdf", content: new TextEncoder().encode("%PDF-1.7") };
const UBL = { filename: "invoice.xml", contentType: "application/xml", content: new TextEncoder().encode("<Invoice/>") };
const address = (postalCode: string) => ({ line1: "12 rue de la Paix", postalCode, city: "Paris", country: "FR" });

const MESSAGES = {
  email: (to: string): OutboundMessage => ({ channel: "email", to, subject: "Invoice INV-1", html: "<p>Invoice</p>", text: "Invoice" }),
  sms: (to: string): OutboundMessage => ({ channel: "sms", to, body: "Invoice INV-1" }),
  post: (postalCode: string): OutboundMessage => ({ channel: "post", to: "Acme", postal: address(postalCode), document: PDF }),
  einvoice: (to: string): OutboundMessage => ({ channel: "einvoice", to, document: UBL }),
};

type Story = { provider: WebhookProvider; message: OutboundMessage; expect: [string, string | undefined, string | null][] };

// [status, label, failure class] of each webhook the sandbox posts, in order.
const STORIES: Record<string, Story> = {
  "resend delivered": {
    provider: "resend",
    message: MESSAGES.email("ana@acme.example"),
    expect: [
      ["accepted", "Accepted", null],
      ["delivered", "Delivered", null],
    ],
  },
  "resend bounced": {
    provider: "resend",
    message: MESSAGES.email("bounced@acme.example"),
    expect: [
      ["accepted", "Accepted", null],
      ["failed", "Bounced", "permanent_recipient"],
    ],
  },
  "resend blocked": {
    provider: "resend",
    message: MESSAGES.email("blocked+x@acme.example"),
    expect: [
      ["accepted", "Accepted", null],
      ["failed", "Blocked", "temporary"],
    ],
  },
  "sendgrid delivered": {
    provider: "sendgrid",
    message: MESSAGES.email("ana@acme.example"),
    expect: [
      ["accepted", "Accepted", null],
      ["delivered", "Delivered", null],
    ],
  },
  "sendgrid bounced": {
    provider: "sendgrid",
    message: MESSAGES.email("bounced@acme.example"),
    expect: [
      ["accepted", "Accepted", null],
      ["failed", "Bounced", "permanent_recipient"],
    ],
  },
  "sendgrid blocked": {
    provider: "sendgrid",
    message: MESSAGES.email("blocked@acme.example"),
    expect: [
      ["accepted", "Accepted", null],
      ["failed", "Blocked", "temporary"],
    ],
  },
  "twilio delivered": {
    provider: "twilio",
    message: MESSAGES.sms("+33612345678"),
    expect: [
      ["sent", "Sent", null],
      ["delivered", "Delivered", null],
    ],
  },
  "twilio undelivered": {
    provider: "twilio",
    message: MESSAGES.sms(SANDBOX_MAGIC.sms.undelivered),
    expect: [
      ["sent", "Sent", null],
      ["failed", "Undelivered", "permanent_recipient"],
    ],
  },
  "pingen delivered": {
    provider: "pingen",
    message: MESSAGES.post("75002"),
    expect: [
      ["sent", "Sent", null],
      ["delivered", "Delivered", null],
    ],
  },
  "pingen returned": {
    provider: "pingen",
    message: MESSAGES.post(SANDBOX_MAGIC.post.returned),
    expect: [
      ["sent", "Sent", null],
      ["failed", "Returned", "permanent_recipient"],
    ],
  },
  "peppol delivered": {
    provider: "peppol",
    message: MESSAGES.einvoice("0088:5790000000013"),
    expect: [
      ["sent", "Sent", null],
      ["delivered", "Sent", null],
    ],
  },
  "peppol rejected": {
    provider: "peppol",
    message: MESSAGES.einvoice(SANDBOX_MAGIC.einvoice.rejected),
    expect: [
      ["sent", "Sent", null],
      ["rejected", "Rejected", "permanent_content"],
    ],
  },
  "peppol not registered": {
    provider: "peppol",
    message: MESSAGES.einvoice(SANDBOX_MAGIC.einvoice.not_registered),
    expect: [["rejected", "Rejected", "permanent_recipient"]],
  },
};

async function postedBy(story: Story) {
  const posted: WebhookBody[] = [];
  const adapter = createSandboxAdapter(story.provider, { delayMs: 0, deliver: async (_provider, body) => void posted.push(body) });
  const result = await sendThrough(adapter, story.message, { attemptId: "0b7e5d2a-4a1c-4c1e-9f00-000000000001", idempotencyKey: "k" });
  await settleSandboxWebhooks();
  return { result, posted };
}

function parse(provider: WebhookProvider, body: WebhookBody): ProviderEvent[] {
  const { text } = encodeBody(provider, body);
  return PARSERS[provider]({ text, headers: new Headers({ "svix-id": `msg_${crypto.randomUUID()}` }), bodySha256: "0".repeat(64) });
}

describe("sandbox providers", () => {
  it.each(Object.entries(STORIES))("%s: accepted, then webhooks Herald reads as the README says", async (_name, story) => {
    const { result, posted } = await postedBy(story);
    expect(result).toMatchObject({ ok: true, status: "accepted" });
    const effects = posted
      .flatMap((body) => parse(story.provider, body))
      .map((event) => {
        expect(event.providerMessageId).toBe(result.ok ? result.providerMessageId : null);
        return event.effect;
      });
    expect(
      effects.map((effect) =>
        effect.kind === "status" ? [effect.status, effect.label, effect.failure?.failureClass ?? null] : [effect.kind],
      ),
    ).toEqual(story.expect);
  });

  it.each([
    ["resend", MESSAGES.email("outage@acme.example")],
    ["twilio", MESSAGES.sms(SANDBOX_MAGIC.sms.outage)],
    ["pingen", MESSAGES.post(SANDBOX_MAGIC.post.outage)],
    ["peppol", MESSAGES.einvoice(SANDBOX_MAGIC.einvoice.outage)],
  ] as const)("%s outage: a temporary 503 and no webhook", async (provider, message) => {
    const { result, posted } = await postedBy({ provider, message, expect: [] });
    expect(result).toMatchObject({ ok: false, failureClass: "temporary", errorCode: "503" });
    expect(posted).toEqual([]);
  });

  it("Resend payloads use only the keys of Resend's published events (plus the attempt_id tag)", async () => {
    const { posted } = await postedBy(STORIES["resend bounced"]!);
    for (const body of posted) {
      const payload = (body as { json: { type: string; data: Record<string, unknown> } }).json;
      const fixture = readFixture<{ data: Record<string, unknown> }>(`resend/webhooks-sdk-resend-rust/${payload.type}.json`);
      expect(Object.keys(payload).sort()).toEqual(Object.keys(fixture).sort());
      expect(Object.keys(payload.data).filter((key) => !(key in fixture.data))).toEqual([]);
    }
  });

  it("SendGrid batches use only keys SendGrid documents (plus the attempt_id custom arg)", async () => {
    const documented = new Set(
      ["processed", "delivered", "bounce-type-bounce", "bounce-type-blocked"].flatMap((name) =>
        readFixture<Record<string, unknown>[]>(`sendgrid/event-webhook-docs/${name}.json`).flatMap((event) => Object.keys(event)),
      ),
    );
    for (const story of ["sendgrid delivered", "sendgrid bounced", "sendgrid blocked"]) {
      const { posted } = await postedBy(STORIES[story]!);
      for (const body of posted) {
        const batch = (body as { json: Record<string, unknown>[] }).json;
        expect(Array.isArray(batch)).toBe(true);
        for (const event of batch) expect(Object.keys(event).filter((key) => !documented.has(key) && key !== "attempt_id")).toEqual([]);
      }
    }
  });

  it("Pingen webhooks have the structure of Pingen's published shapes", async () => {
    const { posted } = await postedBy(STORIES["pingen returned"]!);
    for (const body of posted) {
      const payload = (body as { json: { data: { type: string; attributes: object; relationships: object } } }).json;
      const fixture = readFixture<{ data: { attributes: object; relationships: object } }>(
        `pingen/webhooks/shapes/${payload.data.type}.json`,
      );
      expect(Object.keys(payload.data.relationships).sort()).toEqual(Object.keys(fixture.data.relationships).sort());
      expect(Object.keys(payload.data.attributes).filter((key) => !(key in fixture.data.attributes) && key !== "reason")).toEqual([]);
    }
  });
});
