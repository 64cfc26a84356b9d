import { z } from "zod";

// Herald's runtime configuration, parsed once per call from the environment (cheap, and
// tests can stub a variable without reloading modules). Every variable is optional: with
// none set Herald runs the embedded default — sandbox secrets, in-process jobs.
// The database variables are parsed by db/client.ts, which must not import lib/.

// `FOO=` in a copied .env file means "unset", not "the empty secret".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), schema.optional());

const text = optional(z.string().trim());

const envSchema = z.object({
  // Public origin (plus any path prefix a proxy strips) the providers call. Twilio signs the
  // exact URL it posted to; behind a proxy request.url is the internal one.
  HERALD_PUBLIC_URL: optional(z.url({ protocol: /^https?$/ })),
  // Derives every sandbox secret (see lib/webhooks/sandbox-secrets.ts).
  HERALD_SANDBOX_SEED: optional(z.string().min(16, "HERALD_SANDBOX_SEED must be at least 16 characters")),
  HERALD_DATA_DIR: optional(z.string()),
  // Largest ZIP download (bytes, estimated before streaming); default 1 GiB.
  HERALD_DOWNLOAD_MAX_BYTES: optional(z.coerce.number().int().positive("HERALD_DOWNLOAD_MAX_BYTES must be a positive number of bytes")),

  RESEND_WEBHOOK_SECRET: optional(z.string().trim().startsWith("whsec_", "RESEND_WEBHOOK_SECRET must be the whsec_… signing secret")),
  SENDGRID_WEBHOOK_PUBLIC_KEY: text,
  TWILIO_AUTH_TOKEN: text,
  PINGEN_WEBHOOK_SECRET: text,
  PEPPOL_WEBHOOK_SECRET: text,

  INNGEST_EVENT_KEY: text,
  INNGEST_SIGNING_KEY: text,
  // Inngest's own convention: "1" or the dev server URL selects dev mode.
  INNGEST_DEV: text,

  CHORUS_PRO_CLIENT_ID: text,
  CHORUS_PRO_CLIENT_SECRET: text,
  // The Chorus Pro technical account, sent as the cpro-account header.
  CHORUS_PRO_LOGIN: text,
  CHORUS_PRO_PASSWORD: text,
  CHORUS_PRO_API_URL: optional(z.url()),
  CHORUS_PRO_OAUTH_URL: optional(z.url()),
});

export type HeraldEnv = z.infer<typeof envSchema>;

export function readEnv(env: Record<string, string | undefined> = process.env): HeraldEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid Herald configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
