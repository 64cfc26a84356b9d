import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPeppolAdapter } from "@/lib/providers/peppol";
import { createPingenAdapter } from "@/lib/providers/pingen";
import { createResendAdapter } from "@/lib/providers/resend";
import { createSandboxAdapter } from "@/lib/providers/sandbox/sandbox-adapter";
import { peppolEvent } from "@/lib/providers/sandbox/webhook-payloads";
import { createSendgridAdapter } from "@/lib/providers/sendgrid";
import { peppolStatusEvents } from "@/lib/providers/status/peppol-status";
import { pingenStatusEvents } from "@/lib/providers/status/pingen-status";
import { resendStatusEvents } from "@/lib/providers/status/resend-status";
import { twilioStatusEvents } from "@/lib/providers/status/twilio-status";
import { createTwilioAdapter } from "@/lib/providers/twilio";
import type { AnyProviderAdapter, StatusAnswer, StatusQuery } from "@/lib/providers/types";
import { FAKE_PEPPOL_KEY, type FakePeppol, startFakePeppol } from "../support/fakes/fake-peppol";
import { FAKE_PINGEN, type FakePingen, pingenLetterResponse, startFakePingen } from "../support/fakes/fake-pingen";
import { FAKE_RESEND_KEY, type FakeResend, startFakeResend } from "../support/fakes/fake-resend";
import { FAKE_SENDGRID_KEY } from "../support/fakes/fake-sendgrid";
import { FAKE_TWILIO, type FakeTwilio, startFakeTwilio } from "../support/fakes/fake-twilio";
import { closedPortUrl } from "../support/fakes/http-fake";

// Each adapter's status query (reconciliation) against a local fake speaking the provider's
// wire format: the request it makes, the events it reads from the answer — keys, statuses,
// failure classes — and what a provider that does not know the message, or cannot be
// reached, answers. The sandbox providers answer in the same formats, from the recipient.

const ATTEMPT = "7f1c2c4e-5b1d-4c11-9a55-0e0c1c6a9d01";
const query = (providerMessageId: string, extra: Partial<StatusQuery> = {}): StatusQuery => ({
  attemptId: ATTEMPT,
  providerMessageId,
  recipient: "customer@example.com",
  postalCode: null,
  subjectRef: "INV-1",
  ...extra,
});

/** The one event an answer carries, with what the status model needs from it. */
function only(answer: StatusAnswer) {
  if (answer.kind !== "events") throw new Error(`expected events, got ${JSON.stringify(answer)}`);
  expect(answer.events).toHaveLength(1);
  const [event] = answer.events;
  const effect = event!.effect;
  return {
    key: event!.eventKey,
    type: event!.eventType,
    messageId: event!.providerMessageId,
    hint: event!.attemptIdHint,
    status: effect.kind === "status" ? effect.status : effect.kind,
    label: effect.kind === "status" ? effect.label : null,
    failureClass: effect.kind === "status" ? (effect.failure?.failureClass ?? null) : null,
  };
}

let unreachable: string;
let resend: FakeResend;
let twilio: FakeTwilio;
let pingen: FakePingen;
let peppol: FakePeppol;
beforeAll(async () => {
  [unreachable, resend, twilio, pingen, peppol] = await Promise.all([
    closedPortUrl(),
    startFakeResend(),
    startFakeTwilio(),
    startFakePingen(),
    startFakePeppol(),
  ]);
});
afterAll(() => Promise.all([resend.close(), twilio.close(), pingen.close(), peppol.close()]));

describe("Resend: GET /emails/{id}", () => {
  const adapter = (baseUrl = resend.url) => createResendAdapter({ apiKey: FAKE_RESEND_KEY, from: "billing@acme.fr", baseUrl });

  it("reads last_event in the webhook vocabulary, keyed by e-mail and event", async () => {
    resend.lastEvents.set("e-1", "delivered").set("e-2", "bounced").set("e-3", "opened").set("e-4", "delivery_delayed");
    expect(only(await adapter().fetchStatus(query("e-1")))).toEqual({
      key: "status:e-1:delivered",
      type: "email.delivered",
      messageId: "e-1",
      hint: ATTEMPT,
      status: "delivered",
      label: "Delivered",
      failureClass: null,
    });
    const request = resend.requests.at(-1)!;
    expect([request.method, request.path, request.headers.authorization]).toEqual(["GET", "/emails/e-1", `Bearer ${FAKE_RESEND_KEY}`]);
    // Resend documents `bounced` as a permanent rejection: the address is the problem.
    expect(only(await adapter().fetchStatus(query("e-2")))).toMatchObject({
      status: "failed",
      label: "Bounced",
      failureClass: "permanent_recipient",
    });
    expect(only(await adapter().fetchStatus(query("e-3")))).toMatchObject({ status: "engagement" });
    expect(only(await adapter().fetchStatus(query("e-4")))).toMatchObject({ status: "informational" });
  });

  it("keeps no message body in the stored payload", async () => {
    const answer = await adapter().fetchStatus(query("e-1"));
    expect(answer.kind === "events" && answer.events[0]!.payload).toEqual(expect.not.objectContaining({ html: expect.anything() }));
  });

  it("answers not_found for an unknown e-mail and error when Resend cannot be reached", async () => {
    expect(await adapter().fetchStatus(query("nope"))).toEqual({ kind: "not_found", message: expect.stringContaining("HTTP 404") });
    expect(await adapter(unreachable).fetchStatus(query("e-1"))).toEqual({
      kind: "error",
      message: expect.stringContaining("could not be reached"),
    });
  });
});

describe("Twilio: GET …/Messages/{Sid}.json", () => {
  const adapter = (baseUrl = twilio.url) => createTwilioAdapter({ ...FAKE_TWILIO, baseUrl });

  it("reads status and error_code, keyed as the status callback is", async () => {
    twilio.statuses.set("SM1", { status: "undelivered", errorCode: 30005 }).set("SM2", { status: "delivered" });
    expect(only(await adapter().fetchStatus(query("SM1")))).toEqual({
      key: "SM1:undelivered",
      type: "undelivered",
      messageId: "SM1",
      hint: ATTEMPT,
      status: "failed",
      label: "Undelivered",
      failureClass: "permanent_recipient",
    });
    const request = twilio.requests.at(-1)!;
    expect([request.method, request.path]).toEqual(["GET", `/2010-04-01/Accounts/${FAKE_TWILIO.accountSid}/Messages/SM1.json`]);
    expect(request.headers.authorization).toBe(`Basic ${btoa(`${FAKE_TWILIO.accountSid}:${FAKE_TWILIO.authToken}`)}`);
    const delivered = await adapter().fetchStatus(query("SM2"));
    expect(only(delivered)).toMatchObject({ key: "SM2:delivered", status: "delivered" });
    expect(delivered.kind === "events" && delivered.events[0]!.occurredAt).toEqual(new Date("2026-01-15T10:05:00Z"));
  });

  it("answers not_found for an unknown sid and error without a connection", async () => {
    expect(await adapter().fetchStatus(query("SM404"))).toMatchObject({ kind: "not_found" });
    expect(await adapter(unreachable).fetchStatus(query("SM1"))).toMatchObject({ kind: "error" });
  });
});

describe("Pingen: GET /organisations/{org}/letters/{id}", () => {
  const adapter = () => createPingenAdapter({ ...FAKE_PINGEN, apiUrl: pingen.url, identityUrl: pingen.url });

  it("reads data.attributes.status of the published letter shape", async () => {
    pingen.letters.set("l-1", "sent").set("l-2", "undeliverable").set("l-3", "printing").set("l-4", "cancelled");
    const published = (pingenLetterResponse as unknown as { data: { attributes: { status: string } } }).data.attributes.status;
    pingen.letters.set("l-5", published);
    expect(only(await adapter().fetchStatus(query("l-1")))).toMatchObject({ key: "status:l-1:sent", type: "letter.sent", status: "sent" });
    expect(pingen.requests.at(-1)!.path).toBe(`/organisations/${FAKE_PINGEN.organisationId}/letters/l-1`);
    expect(only(await adapter().fetchStatus(query("l-2")))).toMatchObject({ status: "failed", failureClass: "permanent_recipient" });
    expect(only(await adapter().fetchStatus(query("l-3")))).toMatchObject({ status: "accepted" });
    expect(only(await adapter().fetchStatus(query("l-4")))).toMatchObject({ status: "rejected", failureClass: "permanent_content" });
    // The published example's "send" is no state Pingen's interface lists: stored, visible.
    expect(only(await adapter().fetchStatus(query("l-5")))).toMatchObject({ status: "unrecognised" });
  });

  it("answers not_found for an unknown letter", async () => {
    expect(await adapter().fetchStatus(query("l-404"))).toMatchObject({ kind: "not_found" });
  });
});

describe("Peppol access point: GET /v1/transmissions/{id}", () => {
  const adapter = () => createPeppolAdapter({ apiUrl: peppol.url, apiKey: FAKE_PEPPOL_KEY });

  it("reads the latest event with the id its webhook carried", async () => {
    peppol.transmissions.set("tx-9", peppolEvent("mls.AP", "tx-9", { mls: { responseCode: "AP" } }, "evt-9")).set("tx-10", null);
    expect(only(await adapter().fetchStatus(query("tx-9")))).toMatchObject({
      key: "evt-9",
      type: "mls.AP",
      status: "delivered",
      label: "Sent",
    });
    expect(peppol.requests.at(-1)!.headers.authorization).toBe(`Bearer ${FAKE_PEPPOL_KEY}`);
    expect(await adapter().fetchStatus(query("tx-10"))).toEqual({ kind: "events", events: [] });
    expect(await adapter().fetchStatus(query("tx-404"))).toMatchObject({ kind: "not_found" });
  });
});

describe("a status resource in a shape Herald does not read", () => {
  it.each([
    ["resend", resendStatusEvents, "Resend e-mail resource"],
    ["twilio", twilioStatusEvents, "Twilio message resource"],
    ["pingen", pingenStatusEvents, "Pingen letter resource"],
    ["peppol", peppolStatusEvents, "access point transmission"],
  ] as const)("%s: one unrecognised event keeping the body, keyed by the attempt", (provider, read, name) => {
    const body = { unexpected: true };
    const events = read(body, ATTEMPT);
    expect(events).toEqual([
      {
        provider,
        eventKey: `status:unreadable:${ATTEMPT}`,
        eventType: "status",
        providerMessageId: null,
        attemptIdHint: ATTEMPT,
        occurredAt: null,
        payload: body,
        effect: { kind: "unrecognised", detail: expect.stringContaining(`unexpected ${name}: `) },
      },
    ]);
    // No body at all is kept as null, not dropped.
    expect(read(undefined, ATTEMPT)[0]).toMatchObject({ payload: null, effect: { kind: "unrecognised" } });
  });
});

describe("providers without a status API", () => {
  it("SendGrid says why it is not asked", async () => {
    const adapter = createSendgridAdapter({ apiKey: FAKE_SENDGRID_KEY, from: "billing@acme.fr", baseUrl: unreachable });
    expect(adapter.statusSupport).toEqual({ supported: false, reason: expect.stringContaining("Email Activity add-on") });
    expect(await adapter.fetchStatus(query("x"))).toEqual({ kind: "unsupported", reason: expect.stringContaining("Event Webhook") });
  });
});

describe("sandbox status APIs", () => {
  const sandbox = (provider: "resend" | "sendgrid" | "twilio" | "pingen" | "peppol"): AnyProviderAdapter =>
    createSandboxAdapter(provider, { delayMs: 0, deliver: async () => {} });

  it.each([
    ["resend", { recipient: "ada@acme.example" }, "delivered", null],
    ["resend", { recipient: "bounced+1@acme.example" }, "failed", "permanent_recipient"],
    ["resend", { recipient: "blocked@acme.example" }, "informational", null],
    ["twilio", { recipient: "+33612345678" }, "delivered", null],
    ["twilio", { recipient: "+33600000013" }, "failed", "permanent_recipient"],
    ["pingen", { recipient: "12 rue de la Paix", postalCode: "75002" }, "delivered", null],
    ["pingen", { recipient: "1 rue Inconnue", postalCode: "99999" }, "failed", "permanent_recipient"],
    ["peppol", { recipient: "0088:1234567890128" }, "delivered", null],
    ["peppol", { recipient: "0088:0000000000013" }, "rejected", "permanent_content"],
    ["peppol", { recipient: "0088:0000000000404" }, "rejected", "permanent_recipient"],
  ] as const)("%s answers for %o as its webhooks would: %s", async (provider, extra, status, failureClass) => {
    const adapter = sandbox(provider);
    expect(adapter.statusSupport).toEqual({ supported: true });
    const first = only(await adapter.fetchStatus(query("m-1", extra)));
    expect(first).toMatchObject({ status, failureClass, hint: ATTEMPT });
    // Asked again, the same key: a repeated poll stores nothing new.
    expect(only(await adapter.fetchStatus(query("m-1", extra))).key).toBe(first.key);
  });

  it("the SendGrid sandbox has no status API either", () => {
    expect(sandbox("sendgrid").statusSupport).toMatchObject({ supported: false });
  });
});
