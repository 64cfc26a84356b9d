import { describe, expect, it } from "vitest";
import { verifyPeppolWebhook, signPeppolPayload } from "@/lib/webhooks/signatures/peppol";
import { signPingenPayload, verifyPingenWebhook } from "@/lib/webhooks/signatures/pingen";
import { signResendWebhook, verifyResendWebhook } from "@/lib/webhooks/signatures/resend";
import {
  exportSendgridPublicKey,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendgridPayload,
  verifySendgridWebhook,
} from "@/lib/webhooks/signatures/sendgrid";
import { signTwilioRequest, verifyTwilioWebhook } from "@/lib/webhooks/signatures/twilio";
import {
  atSeconds,
  changeOneByte,
  pingenVectors,
  resendVector,
  sendgridVectors,
  twilioFormVector,
  twilioJsonVector,
} from "./signature-vectors";

// Checks shared by the node and the edge-runtime test files, so both environments run the
// same assertions against the providers' published vectors and the sign→verify round trips.

export function describePublishedVectors() {
  describe("Resend (Standard Webhooks v1 vector)", () => {
    const v = resendVector;
    const headers = (signature = v.signature) =>
      new Headers({ "svix-id": v.id, "svix-timestamp": String(v.timestamp), "svix-signature": signature });
    const now = atSeconds(v.timestamp);

    it("accepts the vector", async () => {
      expect(await verifyResendWebhook(v.body, headers(), v.secret, { now })).toEqual({ ok: true });
    });
    it("rejects a one-byte change of the body", async () => {
      expect(await verifyResendWebhook(changeOneByte(v.body), headers(), v.secret, { now })).toMatchObject({
        ok: false,
        reason: expect.stringContaining("signature does not match"),
      });
    });
    it("rejects a wrong secret", async () => {
      const other = "whsec_" + btoa("another-secret-of-24-byt");
      expect(await verifyResendWebhook(v.body, headers(), other, { now })).toMatchObject({ ok: false });
    });
    it("rejects missing headers, naming the header", async () => {
      for (const name of ["svix-id", "svix-timestamp", "svix-signature"]) {
        const partial = headers();
        partial.delete(name);
        expect(await verifyResendWebhook(v.body, partial, v.secret, { now })).toEqual({
          ok: false,
          reason: expect.stringContaining(`missing ${name} header`),
        });
      }
    });
    it("enforces the ±5-minute window", async () => {
      expect(await verifyResendWebhook(v.body, headers(), v.secret, { now: atSeconds(v.timestamp + 300) })).toEqual({ ok: true });
      for (const skewed of [v.timestamp + 301, v.timestamp - 301]) {
        expect(await verifyResendWebhook(v.body, headers(), v.secret, { now: atSeconds(skewed) })).toEqual({
          ok: false,
          reason: expect.stringContaining("timestamp outside the 5-minute window"),
        });
      }
      // Without `now` the real clock applies, and the 2021 vector is long expired.
      expect(await verifyResendWebhook(v.body, headers(), v.secret)).toMatchObject({ ok: false });
    });
  });

  describe.each(sendgridVectors)("SendGrid ($name vector)", (v) => {
    const headers = () => new Headers({ [SENDGRID_SIGNATURE_HEADER]: v.signature, [SENDGRID_TIMESTAMP_HEADER]: String(v.timestamp) });
    const now = atSeconds(v.timestamp);

    it("accepts the vector, trailing CRLF included", async () => {
      expect(v.body.endsWith("\r\n")).toBe(true);
      expect(await verifySendgridWebhook(v.body, headers(), v.publicKey, { now })).toEqual({ ok: true });
    });
    it("rejects a one-byte change of the body, and the body without its CRLF", async () => {
      for (const body of [changeOneByte(v.body), v.body.trimEnd()]) {
        expect(await verifySendgridWebhook(body, headers(), v.publicKey, { now })).toEqual({
          ok: false,
          reason: expect.stringContaining("signature does not match"),
        });
      }
    });
    it("rejects the other vector's public key", async () => {
      const other = sendgridVectors.find((vector) => vector.name !== v.name)!;
      expect(await verifySendgridWebhook(v.body, headers(), other.publicKey, { now })).toMatchObject({ ok: false });
    });
    it("rejects missing headers, naming the header", async () => {
      for (const name of [SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER]) {
        const partial = headers();
        partial.delete(name);
        expect(await verifySendgridWebhook(v.body, partial, v.publicKey, { now })).toEqual({
          ok: false,
          reason: expect.stringContaining(`missing ${name} header`),
        });
      }
    });
    it("rejects a timestamp older than the window", async () => {
      const lastSecond = atSeconds(v.timestamp + 25 * 3600);
      expect(await verifySendgridWebhook(v.body, headers(), v.publicKey, { now: lastSecond })).toEqual({ ok: true });
      const tooLate = atSeconds(v.timestamp + 25 * 3600 + 1);
      expect(await verifySendgridWebhook(v.body, headers(), v.publicKey, { now: tooLate })).toEqual({
        ok: false,
        reason: expect.stringContaining("timestamp outside the 25-hour"),
      });
      const strict = { now: atSeconds(v.timestamp + 301), maxAgeSeconds: 300 };
      expect(await verifySendgridWebhook(v.body, headers(), v.publicKey, strict)).toMatchObject({ ok: false });
    });
  });

  describe("Twilio (twilio-node validation.spec vectors)", () => {
    const v = twilioFormVector;
    const headers = (signature = v.signature) => new Headers({ "X-Twilio-Signature": signature });

    it("accepts the form-urlencoded vector", async () => {
      expect(await verifyTwilioWebhook(v.body, headers(), v.authToken, v.url)).toEqual({ ok: true });
    });
    it("rejects a one-byte change of the body", async () => {
      expect(await verifyTwilioWebhook(changeOneByte(v.body), headers(), v.authToken, v.url)).toMatchObject({ ok: false });
    });
    it("rejects a changed URL (the query string is signed)", async () => {
      const url = v.url.replace("foo=1", "foo=2");
      expect(await verifyTwilioWebhook(v.body, headers(), v.authToken, url)).toMatchObject({ ok: false });
    });
    it("rejects a wrong auth token", async () => {
      expect(await verifyTwilioWebhook(v.body, headers(), "54321", v.url)).toEqual({
        ok: false,
        reason: expect.stringContaining("signature does not match"),
      });
    });
    it("rejects a missing header", async () => {
      expect(await verifyTwilioWebhook(v.body, new Headers(), v.authToken, v.url)).toEqual({
        ok: false,
        reason: expect.stringContaining("missing X-Twilio-Signature header"),
      });
    });
    it("accepts the JSON-body vector (bodySHA256 in the URL) and rejects a changed body", async () => {
      const json = twilioJsonVector;
      const jsonHeaders = new Headers({ "X-Twilio-Signature": json.signature });
      expect(await verifyTwilioWebhook(json.body, jsonHeaders, json.authToken, json.url)).toEqual({ ok: true });
      expect(await verifyTwilioWebhook(changeOneByte(json.body), jsonHeaders, json.authToken, json.url)).toEqual({
        ok: false,
        reason: expect.stringContaining("bodySHA256"),
      });
    });
  });

  describe.each(pingenVectors)("Pingen ($name)", (v) => {
    const headers = () => new Headers({ Signature: v.signature });

    it("accepts the vector", async () => {
      expect(await verifyPingenWebhook(v.body, headers(), v.secret)).toEqual({ ok: true });
    });
    it("rejects a one-byte change of the body", async () => {
      expect(await verifyPingenWebhook(changeOneByte(v.body), headers(), v.secret)).toEqual({
        ok: false,
        reason: expect.stringContaining("signature does not match"),
      });
    });
    it("rejects a wrong secret", async () => {
      expect(await verifyPingenWebhook(v.body, headers(), `${v.secret}x`)).toMatchObject({ ok: false });
    });
    it("rejects a missing header", async () => {
      expect(await verifyPingenWebhook(v.body, new Headers(), v.secret)).toEqual({
        ok: false,
        reason: expect.stringContaining("missing Signature header"),
      });
    });
  });
}

export function describeRoundTrips() {
  const body = '{"type":"email.delivered","data":{"email_id":"4ef9a417-02e9-4d39-ad75-9611e0fcc33c"}}';
  const now = new Date();

  it("Resend: signResendWebhook → verifyResendWebhook", async () => {
    const signed = await signResendWebhook(resendVector.secret, body);
    expect(signed["svix-id"]).toMatch(/^msg_/);
    expect(await verifyResendWebhook(body, new Headers(signed), resendVector.secret, { now })).toEqual({ ok: true });
    expect(await verifyResendWebhook(`${body} `, new Headers(signed), resendVector.secret, { now })).toMatchObject({ ok: false });
  });

  it("Resend: signing the vector's message reproduces its signature", async () => {
    const v = resendVector;
    const signed = await signResendWebhook(v.secret, v.body, { id: v.id, timestamp: v.timestamp });
    expect(signed).toEqual({ "svix-id": v.id, "svix-timestamp": String(v.timestamp), "svix-signature": v.signature });
  });

  it("SendGrid: signSendgridPayload with a fresh key pair → verifySendgridWebhook", async () => {
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const publicKey = await exportSendgridPublicKey(pair.publicKey);
    const timestamp = Math.floor(now.getTime() / 1000);
    const batch = `[${body}]\r\n`;
    // Many signatures, so both DER integer shapes (32 bytes, and 33 with a zero pad) occur.
    for (let i = 0; i < 20; i++) {
      const signature = await signSendgridPayload(pair.privateKey, timestamp, batch);
      const headers = new Headers({ [SENDGRID_SIGNATURE_HEADER]: signature, [SENDGRID_TIMESTAMP_HEADER]: String(timestamp) });
      expect(await verifySendgridWebhook(batch, headers, publicKey, { now })).toEqual({ ok: true });
      expect(await verifySendgridWebhook(changeOneByte(batch), headers, publicKey, { now })).toMatchObject({ ok: false });
    }
  });

  it("Twilio: signTwilioRequest → verifyTwilioWebhook, with or without the default port", async () => {
    const params = { MessageSid: "SM1234567890abcdef1234567890abcdef", MessageStatus: "delivered", To: "+33612345678" };
    const rawBody = new URLSearchParams(params).toString();
    const signed = await signTwilioRequest("auth-token", "https://herald.example/api/webhooks/twilio?tenant=1", params);
    const headers = new Headers(signed);
    for (const url of ["https://herald.example/api/webhooks/twilio?tenant=1", "https://herald.example:443/api/webhooks/twilio?tenant=1"]) {
      expect(await verifyTwilioWebhook(rawBody, headers, "auth-token", url)).toEqual({ ok: true });
    }
    expect(await verifyTwilioWebhook(rawBody, headers, "auth-token", "https://herald.example/api/webhooks/twilio")).toMatchObject({
      ok: false,
    });
  });

  it("Twilio: signing the vector's params reproduces its signature", async () => {
    const v = twilioFormVector;
    expect(await signTwilioRequest(v.authToken, v.url, v.params)).toEqual({ "X-Twilio-Signature": v.signature });
  });

  it("Pingen: signPingenPayload → verifyPingenWebhook, and reproduces the vectors", async () => {
    const signed = await signPingenPayload("secret", body);
    expect(await verifyPingenWebhook(body, new Headers(signed), "secret")).toEqual({ ok: true });
    for (const v of pingenVectors) {
      expect(await signPingenPayload(v.secret, v.body)).toEqual({ Signature: v.signature });
    }
  });

  it("Peppol: signPeppolPayload → verifyPeppolWebhook, within the window only", async () => {
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers = new Headers(await signPeppolPayload("ap-secret", body, timestamp));
    expect(await verifyPeppolWebhook(body, headers, "ap-secret", { now })).toEqual({ ok: true });
    expect(await verifyPeppolWebhook(changeOneByte(body), headers, "ap-secret", { now })).toMatchObject({ ok: false });
    expect(await verifyPeppolWebhook(body, headers, "other-secret", { now })).toMatchObject({ ok: false });
    expect(await verifyPeppolWebhook(body, headers, "ap-secret", { now: atSeconds(timestamp + 301) })).toEqual({
      ok: false,
      reason: expect.stringContaining("timestamp outside the 5-minute window"),
    });
  });
}
