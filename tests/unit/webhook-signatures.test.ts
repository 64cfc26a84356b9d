import nodeCrypto from "node:crypto";
import fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { verifyPeppolWebhook, signPeppolPayload } from "@/lib/webhooks/signatures/peppol";
import { verifyPingenWebhook } from "@/lib/webhooks/signatures/pingen";
import { verifyResendWebhook } from "@/lib/webhooks/signatures/resend";
import {
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  signSendgridPayload,
  verifySendgridWebhook,
} from "@/lib/webhooks/signatures/sendgrid";
import { verifyTwilioWebhook } from "@/lib/webhooks/signatures/twilio";
import { describePublishedVectors, describeRoundTrips } from "../support/signature-vector-suite";
import { atSeconds, pingenVectors, resendVector, sendgridVectors, twilioFormVector, twilioJsonVector } from "../support/signature-vectors";

describe("published vectors", describePublishedVectors);
describe("sign → verify round trips", describeRoundTrips);

describe("raw body as bytes", () => {
  it("verifies the same as the text", async () => {
    const sendgrid = sendgridVectors[0]!;
    const headers = new Headers({
      [SENDGRID_SIGNATURE_HEADER]: sendgrid.signature,
      [SENDGRID_TIMESTAMP_HEADER]: String(sendgrid.timestamp),
    });
    const bytes = new TextEncoder().encode(sendgrid.body);
    expect(await verifySendgridWebhook(bytes, headers, sendgrid.publicKey, { now: atSeconds(sendgrid.timestamp) })).toEqual({ ok: true });

    const pingen = pingenVectors[0]!;
    const pingenBytes = new TextEncoder().encode(pingen.body);
    expect(await verifyPingenWebhook(pingenBytes, new Headers({ Signature: pingen.signature }), pingen.secret)).toEqual({ ok: true });
  });
});

describe("bad input is a failure with a reason, never a throw", () => {
  const resendHeaders = (overrides: Record<string, string>) =>
    new Headers({
      "svix-id": resendVector.id,
      "svix-timestamp": String(resendVector.timestamp),
      "svix-signature": resendVector.signature,
      ...overrides,
    });
  const resendNow = { now: atSeconds(resendVector.timestamp) };

  it("Resend: malformed secret, signature, timestamp; v1a-only signature", async () => {
    const v = resendVector;
    expect(await verifyResendWebhook(v.body, resendHeaders({}), "whsec_not base64!", resendNow)).toEqual({
      ok: false,
      reason: expect.stringContaining("not a whsec_"),
    });
    expect(await verifyResendWebhook(v.body, resendHeaders({ "svix-signature": "v1,%%%" }), v.secret, resendNow)).toMatchObject({
      ok: false,
    });
    expect(await verifyResendWebhook(v.body, resendHeaders({ "svix-timestamp": "yesterday" }), v.secret, resendNow)).toEqual({
      ok: false,
      reason: expect.stringContaining("not a unix timestamp"),
    });
    expect(await verifyResendWebhook(v.body, resendHeaders({ "svix-signature": v.asymmetricSignature }), v.secret, resendNow)).toEqual({
      ok: false,
      reason: expect.stringContaining("no v1"),
    });
  });

  it("Resend: accepts one matching entry among several, and the webhook-* header spelling", async () => {
    const v = resendVector;
    const rotated = `v1,${btoa("x".repeat(32))} ${v.signature} ${v.asymmetricSignature}`;
    expect(await verifyResendWebhook(v.body, resendHeaders({ "svix-signature": rotated }), v.secret, resendNow)).toEqual({ ok: true });
    const standard = new Headers({
      "webhook-id": v.id,
      "webhook-timestamp": String(v.timestamp),
      "webhook-signature": v.signature,
    });
    expect(await verifyResendWebhook(v.body, standard, v.secret, resendNow)).toEqual({ ok: true });
  });

  it("SendGrid: malformed key, PEM-armoured key, malformed signature", async () => {
    const v = sendgridVectors[0]!;
    const now = { now: atSeconds(v.timestamp) };
    const headers = (signature: string) =>
      new Headers({ [SENDGRID_SIGNATURE_HEADER]: signature, [SENDGRID_TIMESTAMP_HEADER]: String(v.timestamp) });
    for (const key of ["", "not-a-key", btoa("too short to be an SPKI"), v.publicKey.slice(0, 40)]) {
      expect(await verifySendgridWebhook(v.body, headers(v.signature), key, now)).toEqual({
        ok: false,
        reason: expect.stringContaining("not a base64 SPKI P-256 public key"),
      });
    }
    const pem = `-----BEGIN PUBLIC KEY-----\n${v.publicKey.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----\n`;
    expect(await verifySendgridWebhook(v.body, headers(v.signature), pem, now)).toEqual({ ok: true });
    const der = Uint8Array.from(atob(v.signature), (c) => c.charCodeAt(0));
    for (const signature of [
      "%%%",
      btoa("garbage"),
      btoa(String.fromCharCode(...der.subarray(0, -1))),
      btoa(String.fromCharCode(...der, 0)),
    ]) {
      expect(await verifySendgridWebhook(v.body, headers(signature), v.publicKey, now)).toEqual({
        ok: false,
        reason: expect.stringContaining("not a base64 DER ECDSA signature"),
      });
    }
  });

  it("Twilio: malformed signature, empty token, relative URL", async () => {
    const v = twilioFormVector;
    const headers = new Headers({ "X-Twilio-Signature": v.signature });
    expect(await verifyTwilioWebhook(v.body, new Headers({ "X-Twilio-Signature": "%%%" }), v.authToken, v.url)).toEqual({
      ok: false,
      reason: expect.stringContaining("not base64"),
    });
    expect(await verifyTwilioWebhook(v.body, headers, "", v.url)).toEqual({
      ok: false,
      reason: expect.stringContaining("auth token is empty"),
    });
    expect(await verifyTwilioWebhook(v.body, headers, v.authToken, "/myapp.php?foo=1&bar=2")).toEqual({
      ok: false,
      reason: expect.stringContaining("not an absolute URL"),
    });
  });

  it("Pingen and Peppol: malformed hex, empty secret", async () => {
    const v = pingenVectors[0]!;
    for (const signature of ["xyz", v.signature.slice(2), `${v.signature}00`]) {
      expect(await verifyPingenWebhook(v.body, new Headers({ Signature: signature }), v.secret)).toEqual({
        ok: false,
        reason: expect.stringContaining("not a 64-character hex"),
      });
    }
    expect(await verifyPingenWebhook(v.body, new Headers({ Signature: v.signature }), "")).toMatchObject({ ok: false });
    expect(await verifyPingenWebhook(v.body, new Headers({ Signature: v.signature.toUpperCase() }), v.secret)).toEqual({ ok: true });

    const now = new Date();
    const headers = new Headers(await signPeppolPayload("s", "{}", Math.floor(now.getTime() / 1000)));
    expect(await verifyPeppolWebhook("{}", headers, "", { now })).toMatchObject({ ok: false });
    headers.set("X-Peppol-Signature", "zz");
    expect(await verifyPeppolWebhook("{}", headers, "s", { now })).toMatchObject({ ok: false });
    headers.delete("X-Peppol-Timestamp");
    expect(await verifyPeppolWebhook("{}", headers, "s", { now })).toEqual({
      ok: false,
      reason: expect.stringContaining("missing X-Peppol-Timestamp header"),
    });
  });
});

describe("cross-checked against node:crypto", () => {
  it("Peppol headers are hex HMAC-SHA256 over `${timestamp}.${rawBody}` (Herald's AP contract)", async () => {
    const body = '{"transmissionId":"t-1","status":"AP"}';
    const expected = nodeCrypto.createHmac("sha256", "ap-secret").update(`1700000000.${body}`).digest("hex");
    expect(await signPeppolPayload("ap-secret", body, 1700000000)).toEqual({
      "X-Peppol-Signature": expected,
      "X-Peppol-Timestamp": "1700000000",
    });
  });

  it("SendGrid signatures are DER that node:crypto (and so SendGrid's SDK) accepts", async () => {
    const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"]);
    const spki = new Uint8Array(await crypto.subtle.exportKey("spki", pair.publicKey));
    const publicKey = nodeCrypto.createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    for (let i = 0; i < 20; i++) {
      const signature = await signSendgridPayload(pair.privateKey, 1700000000, "[]\r\n");
      const valid = nodeCrypto.verify("sha256", Buffer.from("1700000000[]\r\n"), publicKey, Buffer.from(signature, "base64"));
      expect(valid).toBe(true);
    }
  });
});

describe("Twilio with node:crypto's synchronous HMAC (how the Node routes verify)", () => {
  const hmacSha1 = (key: string, data: Uint8Array) => new Uint8Array(nodeCrypto.createHmac("sha1", key).update(data).digest());
  const headers = (signature: string) => new Headers({ "X-Twilio-Signature": signature });

  it("accepts Twilio's published vectors, form and JSON, as Web Crypto does", async () => {
    for (const v of [twilioFormVector, twilioJsonVector]) {
      expect(await verifyTwilioWebhook(v.body, headers(v.signature), v.authToken, v.url, { hmacSha1 })).toEqual({ ok: true });
    }
  });

  it("refuses a changed body, another token and another URL", async () => {
    const v = twilioFormVector;
    const refused = { ok: false, reason: expect.stringContaining("signature does not match") };
    expect(await verifyTwilioWebhook(`${v.body}&Extra=1`, headers(v.signature), v.authToken, v.url, { hmacSha1 })).toEqual(refused);
    expect(await verifyTwilioWebhook(v.body, headers(v.signature), `${v.authToken}x`, v.url, { hmacSha1 })).toEqual(refused);
    expect(await verifyTwilioWebhook(v.body, headers(v.signature), v.authToken, `${v.url}&x=1`, { hmacSha1 })).toEqual(refused);
  });
});

describe("edge safety of lib/webhooks/signatures", () => {
  // Keep Node out of the verifiers: they run in the edge webhook ingress. The edge-runtime
  // test environment would not notice (it still exposes Buffer and node: modules), so read
  // the sources. Third-party imports must be on this list and are scanned the same way.
  const ALLOWED_PACKAGES = ["standardwebhooks"];
  const dir = path.resolve(process.cwd(), "lib/webhooks/signatures");
  const sources = fs.readdirSync(dir).filter((file) => file.endsWith(".ts"));
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

  it.each(sources)("%s imports no Node module, Buffer or Node-only package", (file) => {
    const code = withoutCommentLines(fs.readFileSync(path.join(dir, file), "utf8"));
    const specifiers = [
      ...code.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*["']([^"']+)["']/gm),
      ...code.matchAll(/^\s*import\s*["']([^"']+)["']/gm),
      ...code.matchAll(/\bimport\s*\(\s*["']([^"']+)["']/g),
    ].map((match) => match[1]!);
    // Every import statement must have yielded its specifier, or the check is blind to it.
    expect(specifiers.length).toBeGreaterThanOrEqual(code.match(/^\s*import\b/gm)?.length ?? 0);
    expect(code).not.toMatch(/\brequire\s*\(/);
    expect(code).not.toMatch(/\bBuffer\b/);
    expect(code).not.toMatch(/\bprocess\./);
    for (const specifier of specifiers) {
      if (specifier.startsWith("./")) continue;
      expect(builtins.has(specifier), `${file} imports Node's ${specifier}`).toBe(false);
      expect(ALLOWED_PACKAGES, `${file} imports ${specifier}: vet it for the edge, then allow it here`).toContain(specifier);
    }
  });

  it.each(ALLOWED_PACKAGES)("%s and its dependencies require no Node built-in", (name) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = fs.readFileSync(file, "utf8");
      expect(withoutStrings(code), `${file} uses Buffer`).not.toMatch(/\bBuffer\b/);
      for (const [, specifier] of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        expect(builtins.has(specifier!), `${file} requires Node's ${specifier}`).toBe(false);
        visit(createRequire(file).resolve(specifier!));
      }
    };
    visit(createRequire(path.join(dir, "package.json")).resolve(name));
    expect(seen.size).toBeGreaterThan(1);
  });
});

function withoutCommentLines(code: string): string {
  return code
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\/\*|\*)/.test(line))
    .join("\n");
}

function withoutStrings(code: string): string {
  return code.replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, '""');
}
