import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readEnv } from "@/lib/env";
import { deriveSandboxSecrets, importSendgridSandboxKey, sandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { SENDGRID_SIGNATURE_HEADER, SENDGRID_TIMESTAMP_HEADER, signSendgridPayload } from "@/lib/webhooks/signatures/sendgrid";
import { sandboxSigningSecrets, verifyWebhookRequest, webhookSecrets } from "@/lib/webhooks/verify";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDataDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "herald-sandbox-"));
  dirs.push(dir);
  return path.join(dir, "pglite");
}

describe("sandbox secrets", () => {
  it("derives the same secrets from the same seed, and different ones from another", async () => {
    const [a, b, c] = await Promise.all([
      deriveSandboxSecrets("installation-seed-one"),
      deriveSandboxSecrets("installation-seed-one"),
      deriveSandboxSecrets("installation-seed-two"),
    ]);
    expect(a).toEqual(b);
    for (const key of [
      "resendWebhookSecret",
      "sendgridPublicKey",
      "twilioAuthToken",
      "pingenWebhookSecret",
      "peppolWebhookSecret",
    ] as const) {
      expect(a[key]).not.toEqual(c[key]);
    }
    expect(a.resendWebhookSecret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(a.twilioAuthToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it("gives a SendGrid key pair whose signatures verify against its public key", async () => {
    const secrets = await deriveSandboxSecrets("installation-seed-one");
    const now = new Date();
    const timestamp = Math.floor(now.getTime() / 1000);
    const body = '[{"event":"delivered","sg_event_id":"e1","sg_message_id":"m1.x"}]\r\n';
    const signature = await signSendgridPayload(await importSendgridSandboxKey(secrets), timestamp, body);
    const headers = new Headers({ [SENDGRID_SIGNATURE_HEADER]: signature, [SENDGRID_TIMESTAMP_HEADER]: String(timestamp) });
    const verifierSecrets = { resend: "", sendgrid: secrets.sendgridPublicKey, twilio: "", pingen: "", peppol: "" };
    const check = await verifyWebhookRequest("sendgrid", new TextEncoder().encode(body), headers, {
      secrets: verifierSecrets,
      publicUrl: "http://x",
      now,
    });
    expect(check).toEqual({ ok: true });
  });

  it("without a seed, generates one per installation beside the data dir and reuses it", async () => {
    const dataDir = await tempDataDir();
    const env = readEnv({ HERALD_DATA_DIR: dataDir });
    const [first, concurrent] = await Promise.all([sandboxSecrets(env), sandboxSecrets(readEnv({ HERALD_DATA_DIR: dataDir }))]);
    expect(concurrent).toEqual(first);
    const seedFile = path.join(path.dirname(dataDir), "sandbox-seed");
    expect((await readFile(seedFile, "utf8")).trim()).toMatch(/^[0-9a-f]{64}$/);
    expect((await stat(seedFile)).mode & 0o777).toBe(0o600);
    expect(await deriveSandboxSecrets((await readFile(seedFile, "utf8")).trim())).toEqual(first);
    expect(await sandboxSecrets(readEnv({ HERALD_DATA_DIR: await tempDataDir() }))).not.toEqual(first);
  });

  it("fills in only the providers whose secret is not configured", async () => {
    const env = readEnv({ HERALD_SANDBOX_SEED: "installation-seed-one", TWILIO_AUTH_TOKEN: "real-token", RESEND_WEBHOOK_SECRET: "" });
    const sandbox = await deriveSandboxSecrets("installation-seed-one");
    expect(await webhookSecrets(env)).toEqual({
      resend: sandbox.resendWebhookSecret,
      sendgrid: sandbox.sendgridPublicKey,
      twilio: "real-token",
      pingen: sandbox.pingenWebhookSecret,
      peppol: sandbox.peppolWebhookSecret,
    });
  });

  it("the sandbox signs with a configured secret where there is one, with its own elsewhere", async () => {
    const env = readEnv({
      HERALD_SANDBOX_SEED: "installation-seed-one",
      TWILIO_AUTH_TOKEN: "real-token",
      PEPPOL_WEBHOOK_SECRET: "peppol-secret",
    });
    const sandbox = await deriveSandboxSecrets("installation-seed-one");
    expect(sandboxSigningSecrets(sandbox, env)).toEqual({
      ...sandbox,
      twilioAuthToken: "real-token",
      peppolWebhookSecret: "peppol-secret",
    });
  });

  it("refuses to start when the SendGrid sandbox would sign for a configured public key it cannot sign with", () => {
    const sandboxSendgrid = { HERALD_EMAIL_PROVIDER: "sendgrid", SENDGRID_WEBHOOK_PUBLIC_KEY: "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE…" };
    expect(() => readEnv(sandboxSendgrid)).toThrow(
      /SENDGRID_WEBHOOK_PUBLIC_KEY is set but SENDGRID_API_KEY is not: .* Set SENDGRID_API_KEY, or unset SENDGRID_WEBHOOK_PUBLIC_KEY/,
    );
    // With its API key SendGrid is real; with Resend as the e-mail provider the key is only kept for later.
    expect(() => readEnv({ ...sandboxSendgrid, SENDGRID_API_KEY: "SG.key" })).not.toThrow();
    expect(() => readEnv({ SENDGRID_WEBHOOK_PUBLIC_KEY: sandboxSendgrid.SENDGRID_WEBHOOK_PUBLIC_KEY })).not.toThrow();
  });
});
