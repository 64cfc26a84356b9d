import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResendAdapter } from "@/lib/providers/resend";
import { createSendgridAdapter } from "@/lib/providers/sendgrid";
import { createTwilioAdapter } from "@/lib/providers/twilio";
import type { EmailMessage, SmsMessage } from "@/lib/providers/types";
import { context, pdf } from "../support/adapter-fixtures";
import { FAKE_RESEND_KEY, resendError, resendSendResponse, startFakeResend } from "../support/fakes/fake-resend";
import { FAKE_SENDGRID_KEY, FAKE_SENDGRID_MESSAGE_ID, sendgridError, startFakeSendgrid } from "../support/fakes/fake-sendgrid";
import { FAKE_TWILIO, FAKE_TWILIO_SID, startFakeTwilio, twilioError } from "../support/fakes/fake-twilio";
import { closedPortUrl, type FakeHttpServer } from "../support/fakes/http-fake";

// The e-mail and SMS adapters against a local fake speaking their provider's wire format:
// the request each makes (auth, idempotency, body), the id it returns, and how every kind
// of refusal is classified — never thrown. Post and e-invoices:
// tests/unit/provider-adapters-post-einvoice.test.ts.

let unreachable: string;
beforeAll(async () => {
  unreachable = await closedPortUrl();
});

const email: EmailMessage = {
  channel: "email",
  to: "élodie@exemple.fr",
  subject: "Invoice #12345",
  html: "<p>Hello</p>",
  text: "Hello",
  attachments: [pdf],
};

describe("Resend adapter", () => {
  let fake: FakeHttpServer;
  beforeAll(async () => {
    fake = await startFakeResend();
  });
  afterAll(() => fake.close());

  const adapter = () => createResendAdapter({ apiKey: FAKE_RESEND_KEY, from: "Acme Billing <billing@acme.fr>", baseUrl: fake.url });

  it("sends with the API key, the idempotency key and our attempt id as a tag", async () => {
    expect(await adapter().send(email, context)).toEqual({ ok: true, providerMessageId: resendSendResponse.id, status: "accepted" });
    const request = fake.requests.at(-1)!;
    expect(request.headers).toMatchObject({ authorization: `Bearer ${FAKE_RESEND_KEY}`, "idempotency-key": context.idempotencyKey });
    expect(JSON.parse(request.text)).toMatchObject({
      from: "Acme Billing <billing@acme.fr>",
      to: "élodie@exemple.fr",
      subject: "Invoice #12345",
      html: "<p>Hello</p>",
      text: "Hello",
      tags: [{ name: "attempt_id", value: context.attemptId }],
      attachments: [{ filename: "invoice-12345.pdf", content: Buffer.from(pdf.content).toString("base64") }],
    });
  });

  it.each([
    [
      "invalid recipient",
      resendError(422, "validation_error", "Invalid `to` field. The email address needs to follow the `email@example.com` format."),
      "permanent_recipient",
      "validation_error",
      /refused the address élodie@exemple\.fr.*correct the e-mail address/,
    ],
    [
      "domain not verified",
      resendError(403, "validation_error", "The acme.fr domain is not verified. Please, add and verify your domain."),
      "permanent_content",
      "validation_error",
      /domain is not verified/,
    ],
    [
      "bad API key",
      resendError(403, "invalid_api_key", "API key is invalid"),
      "permanent_content",
      "invalid_api_key",
      /check RESEND_API_KEY/,
    ],
    [
      "monthly quota",
      resendError(429, "monthly_quota_exceeded", "You have reached your monthly quota."),
      "permanent_content",
      "monthly_quota_exceeded",
      /upgrade the plan/,
    ],
    [
      "rate limited",
      resendError(429, "rate_limit_exceeded", "Too many requests.", { "retry-after": "2" }),
      "temporary",
      "rate_limit_exceeded",
      /rate limiting.*retried automatically/,
    ],
    ["server error", resendError(500, "internal_server_error", "Unexpected error."), "temporary", "internal_server_error", /HTTP 500/],
    [
      "concurrent idempotent request",
      resendError(409, "concurrent_idempotent_requests", "Same idempotency key in flight."),
      "temporary",
      "concurrent_idempotent_requests",
      /retried/,
    ],
  ])("classifies %s", async (_name, response, failureClass, errorCode, message) => {
    fake.respondNext(response);
    const result = await adapter().send(email, context);
    expect(result).toMatchObject({ ok: false, failureClass, errorCode, errorMessage: expect.stringMatching(message) });
  });

  it("returns Retry-After with a rate limit", async () => {
    fake.respondNext(resendError(429, "rate_limit_exceeded", "Too many requests.", { "retry-after": "2" }));
    expect(await adapter().send(email, context)).toMatchObject({ failureClass: "temporary", retryAfterMs: 2000 });
  });

  it("classifies an unreachable Resend as temporary", async () => {
    const result = await createResendAdapter({ apiKey: FAKE_RESEND_KEY, from: "billing@acme.fr", baseUrl: unreachable }).send(
      email,
      context,
    );
    expect(result).toMatchObject({ ok: false, failureClass: "temporary", errorCode: "network_error" });
  });
});

describe("SendGrid adapter", () => {
  let fake: FakeHttpServer;
  beforeAll(async () => {
    fake = await startFakeSendgrid();
  });
  afterAll(() => fake.close());

  const adapter = () => createSendgridAdapter({ apiKey: FAKE_SENDGRID_KEY, from: "billing@acme.fr", baseUrl: fake.url });

  it("sends with the API key and our attempt id in customArgs, and returns X-Message-Id", async () => {
    expect(await adapter().send(email, context)).toEqual({ ok: true, providerMessageId: FAKE_SENDGRID_MESSAGE_ID, status: "accepted" });
    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Bearer ${FAKE_SENDGRID_KEY}`);
    expect(JSON.parse(request.text)).toMatchObject({
      from: { email: "billing@acme.fr" },
      subject: "Invoice #12345",
      personalizations: [{ to: [{ email: "élodie@exemple.fr" }] }],
      custom_args: { attempt_id: context.attemptId },
      attachments: [{ filename: "invoice-12345.pdf", type: "application/pdf", content: Buffer.from(pdf.content).toString("base64") }],
    });
  });

  it.each([
    [
      "invalid recipient",
      sendgridError(400, "Does not contain a valid address.", "personalizations.0.to.0.email"),
      "permanent_recipient",
      /refused the address élodie@exemple\.fr/,
    ],
    [
      "unverified sender",
      sendgridError(403, "The from address does not match a verified Sender Identity."),
      "permanent_content",
      /verify the sender identity/,
    ],
    [
      "bad API key",
      sendgridError(401, "The provided authorization grant is invalid, expired, or revoked"),
      "permanent_content",
      /SENDGRID_API_KEY/,
    ],
    ["server error", sendgridError(500, "Internal error"), "temporary", /HTTP 500/],
  ])("classifies %s", async (_name, response, failureClass, message) => {
    fake.respondNext(response);
    expect(await adapter().send(email, context)).toMatchObject({
      ok: false,
      failureClass,
      errorCode: String(response.status),
      errorMessage: expect.stringMatching(message),
    });
  });

  it("returns Retry-After with a 429", async () => {
    fake.respondNext(sendgridError(429, "too many requests", null, { "retry-after": "30" }));
    expect(await adapter().send(email, context)).toMatchObject({
      ok: false,
      failureClass: "temporary",
      errorCode: "429",
      retryAfterMs: 30_000,
    });
  });

  it("classifies an unreachable SendGrid as temporary", async () => {
    const result = await createSendgridAdapter({ apiKey: FAKE_SENDGRID_KEY, from: "billing@acme.fr", baseUrl: unreachable }).send(
      email,
      context,
    );
    expect(result).toMatchObject({ ok: false, failureClass: "temporary", errorCode: "network_error" });
  });
});

describe("Twilio adapter", () => {
  let fake: FakeHttpServer;
  beforeAll(async () => {
    fake = await startFakeTwilio();
  });
  afterAll(() => fake.close());

  const sms: SmsMessage = { channel: "sms", to: "+33612345678", body: "Invoice #12345 is due on 31 Jan." };
  const adapter = () => createTwilioAdapter({ ...FAKE_TWILIO, baseUrl: fake.url });

  it("sends with Basic auth, the sender and the status callback", async () => {
    expect(await adapter().send(sms, context)).toEqual({ ok: true, providerMessageId: FAKE_TWILIO_SID, status: "accepted" });
    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe(`Basic ${btoa(`${FAKE_TWILIO.accountSid}:${FAKE_TWILIO.authToken}`)}`);
    expect(Object.fromEntries(new URLSearchParams(request.text))).toEqual({
      To: "+33612345678",
      From: FAKE_TWILIO.from,
      Body: sms.body,
      StatusCallback: context.statusCallbackUrl,
    });
  });

  it("sends through a Messaging Service when configured", async () => {
    await createTwilioAdapter({ ...FAKE_TWILIO, from: "MG00000000000000000000000000000001", baseUrl: fake.url }).send(sms, context);
    expect(new URLSearchParams(fake.requests.at(-1)!.text).get("MessagingServiceSid")).toBe("MG00000000000000000000000000000001");
  });

  it.each([
    [21211, 400, "permanent_recipient", /Invalid 'To' phone number \(21211\)/],
    [21614, 400, "permanent_recipient", /refused the SMS to \+33612345678: Not a mobile number \(21614\) — add a mobile number/],
    [21635, 400, "permanent_recipient", /Landline number \(21635\)/],
    [21610, 400, "permanent_recipient", /replied STOP/],
    [30007, 400, "permanent_content", /carrier filtering/],
    [30034, 400, "permanent_content", /A2P 10DLC/],
    [21606, 400, "permanent_content", /error 21606.*check the Twilio account/],
    [20003, 401, "permanent_content", /error 20003/],
    [20429, 429, "temporary", /rate limiting/],
    [20500, 500, "temporary", /HTTP 500/],
  ])("classifies error %i (HTTP %i) as %s", async (code, status, failureClass, message) => {
    fake.respondNext(twilioError(status, code, `Twilio error ${code}`));
    expect(await adapter().send(sms, context)).toMatchObject({
      ok: false,
      failureClass,
      errorCode: String(code),
      errorMessage: expect.stringMatching(message),
    });
  });

  it("returns Retry-After with a 429", async () => {
    fake.respondNext(twilioError(429, 20429, "Too Many Requests", { "Retry-After": "5" }));
    expect(await adapter().send(sms, context)).toMatchObject({ failureClass: "temporary", retryAfterMs: 5000 });
  });

  it("classifies an unreachable Twilio as temporary", async () => {
    const result = await createTwilioAdapter({ ...FAKE_TWILIO, baseUrl: unreachable }).send(sms, context);
    expect(result).toMatchObject({ ok: false, failureClass: "temporary", errorCode: "network_error" });
  });
});
