import { createECDH, randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { type HeraldEnv, readEnv } from "@/lib/env";
import { decodeHex, encodeBase64, encodeHex } from "./signatures/encoding";

// Secrets for the embedded default. Without provider keys Herald's sandbox providers
// (a later issue) accept sends and post correctly signed webhooks, in each provider's real
// format, back to Herald's own routes — and the routes verify them exactly as they verify
// the real providers. Both sides read the secrets from here:
//
// - HERALD_SANDBOX_SEED set → every secret is derived from it (HKDF-SHA256, one label per
//   secret). Same seed, same secrets: use it where the filesystem is not shared or not
//   persistent (several instances, serverless).
// - otherwise → a random seed is generated on first use and kept beside the embedded
//   database (dirname(HERALD_DATA_DIR)/sandbox-seed, mode 0600), so the secrets are stable
//   per installation and unknown to anyone without access to that folder.
//
// Sandbox secrets only fill in for a provider whose real secret is not configured, so a
// real provider's webhook can never verify against them. Never reuse a seed between
// installations, and never set HERALD_SANDBOX_SEED to a guessable value on a public host.

export type SandboxSecrets = {
  resendWebhookSecret: string;
  sendgridPublicKey: string;
  /** P-256 private key of the sandbox SendGrid signer (import with importSendgridSandboxKey). */
  sendgridPrivateKey: JsonWebKey;
  twilioAuthToken: string;
  pingenWebhookSecret: string;
  peppolWebhookSecret: string;
  /** Signs staff session cookies in the embedded default (lib/auth/secret.ts); BETTER_AUTH_SECRET replaces it. */
  authSecret: string;
  /** Lets `npm run api-key:create` ask the running embedded server (which holds the data dir) to create a key. */
  localAdminToken: string;
};

const cache = new Map<string, Promise<SandboxSecrets>>();

export function sandboxSecrets(env: HeraldEnv = readEnv()): Promise<SandboxSecrets> {
  const source = env.HERALD_SANDBOX_SEED ? `seed:${env.HERALD_SANDBOX_SEED}` : `file:${seedFile(env)}`;
  let secrets = cache.get(source);
  if (!secrets) {
    secrets = (env.HERALD_SANDBOX_SEED ? Promise.resolve(env.HERALD_SANDBOX_SEED) : readOrCreateSeed(seedFile(env))).then(
      deriveSandboxSecrets,
    );
    secrets.catch(() => cache.delete(source));
    cache.set(source, secrets);
  }
  return secrets;
}

export async function deriveSandboxSecrets(seed: string): Promise<SandboxSecrets> {
  const derive = hkdf(seed);
  return {
    // Svix secrets are `whsec_` + base64 of random bytes.
    resendWebhookSecret: `whsec_${encodeBase64(await derive("resend-webhook", 24))}`,
    ...(await sendgridKeyPair(derive)),
    // Twilio auth tokens are 32 hex characters.
    twilioAuthToken: encodeHex(await derive("twilio-auth-token", 16)),
    pingenWebhookSecret: encodeHex(await derive("pingen-webhook", 32)),
    peppolWebhookSecret: encodeHex(await derive("peppol-webhook", 32)),
    authSecret: encodeHex(await derive("better-auth-secret", 32)),
    localAdminToken: encodeHex(await derive("local-admin-token", 32)),
  };
}

export function importSendgridSandboxKey(secrets: SandboxSecrets): Promise<CryptoKey> {
  return crypto.subtle.importKey("jwk", secrets.sendgridPrivateKey, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
}

type Derive = (label: string, bytes: number) => Promise<Uint8Array<ArrayBuffer>>;

function hkdf(seed: string): Derive {
  const ikm = crypto.subtle.importKey("raw", new TextEncoder().encode(seed), "HKDF", false, ["deriveBits"]);
  return async (label, bytes) => {
    const params = {
      name: "HKDF",
      hash: "SHA-256",
      salt: new TextEncoder().encode("herald-sandbox-v1"),
      info: new TextEncoder().encode(label),
    };
    return new Uint8Array(await crypto.subtle.deriveBits(params, await ikm, bytes * 8));
  };
}

const P256_ORDER = BigInt("0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551");

// Web Crypto cannot derive an EC key from bytes, so the scalar comes from HKDF and Node's
// ECDH computes the public point (x, y); the JWK then imports into Web Crypto.
async function sendgridKeyPair(derive: Derive): Promise<Pick<SandboxSecrets, "sendgridPublicKey" | "sendgridPrivateKey">> {
  let scalar = await derive("sendgrid-ecdsa-p256", 32);
  // A scalar outside [1, n-1] has odds of ~2^-32; derive again rather than bias it.
  for (let round = 1; !inP256Range(scalar); round++) scalar = await derive(`sendgrid-ecdsa-p256/${round}`, 32);
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(scalar);
  const point = new Uint8Array(ecdh.getPublicKey());
  const jwk = { kty: "EC", crv: "P-256", x: base64Url(point.subarray(1, 33)), y: base64Url(point.subarray(33, 65)) };
  const publicKey = await crypto.subtle.importKey("jwk", jwk, { name: "ECDSA", namedCurve: "P-256" }, true, ["verify"]);
  return {
    sendgridPublicKey: encodeBase64(new Uint8Array(await crypto.subtle.exportKey("spki", publicKey))),
    sendgridPrivateKey: { ...jwk, d: base64Url(scalar) },
  };
}

function inP256Range(scalar: Uint8Array): boolean {
  const value = BigInt(`0x${encodeHex(scalar)}`);
  return value > BigInt(0) && value < P256_ORDER;
}

function base64Url(bytes: Uint8Array): string {
  return encodeBase64(bytes).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function seedFile(env: HeraldEnv): string {
  // A runtime location, not a build input: keep Turbopack from tracing the whole project.
  return path.join(path.dirname(path.resolve(/*turbopackIgnore: true*/ env.HERALD_DATA_DIR ?? ".data/pglite")), "sandbox-seed");
}

// `wx` makes creation atomic: when the server and a script start together, one writes the
// seed and the other reads it.
async function readOrCreateSeed(file: string): Promise<string> {
  const existing = await readSeed(file);
  if (existing) return existing;
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, `${randomBytes(32).toString("hex")}\n`, { flag: "wx", mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  const seed = await readSeed(file);
  if (!seed) throw new Error(`${file} does not hold a sandbox seed (64 hex characters) — delete it to generate a new one`);
  return seed;
}

async function readSeed(file: string): Promise<string | null> {
  try {
    const seed = (await readFile(file, "utf8")).trim();
    return decodeHex(seed)?.length === 32 ? seed : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
