import { z } from "zod";
import { localeProblem } from "./i18n/locales";
import { staffEmailAddress } from "./email-address";
import { timeZoneProblem } from "./time-zone";

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
  // The staff's time zone (lib/time-zone.ts); default Europe/Paris.
  HERALD_TIME_ZONE: optional(
    z
      .string()
      .trim()
      .refine((zone) => !timeZoneProblem(zone), { error: (issue) => timeZoneProblem(String(issue.input)) ?? "" }),
  ),
  // The staff UI's language when neither the account nor the browser names one; default en.
  HERALD_DEFAULT_LOCALE: optional(
    z
      .string()
      .trim()
      .refine((value) => !localeProblem(value), { error: (issue) => localeProblem(String(issue.input)) ?? "" }),
  ),
  // Largest ZIP download (bytes, estimated before streaming); default 1 GiB.
  HERALD_DOWNLOAD_MAX_BYTES: optional(z.coerce.number().int().positive("HERALD_DOWNLOAD_MAX_BYTES must be a positive number of bytes")),

  // Signs staff session cookies; required with an external database (production).
  BETTER_AUTH_SECRET: optional(z.string().min(32, "BETTER_AUTH_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)")),
  // The first admin of a production installation, created at start when no staff exists.
  HERALD_ADMIN_EMAIL: optional(staffEmailAddress("HERALD_ADMIN_EMAIL must be an e-mail address")),
  HERALD_ADMIN_PASSWORD: optional(z.string().min(12, "HERALD_ADMIN_PASSWORD must be at least 12 characters")),
  HERALD_ADMIN_NAME: text,
  // Sign-in attempts allowed per client IP: "max/seconds" (default 5/60).
  HERALD_SIGN_IN_RATE_LIMIT: optional(
    z.string().regex(/^\d+\/\d+$/, "HERALD_SIGN_IN_RATE_LIMIT must look like 5/60 (failed sign-ins/seconds)"),
  ),

  // Platform API requests allowed per API key: "max/seconds" (default 600/60), or "off".
  HERALD_API_RATE_LIMIT: optional(
    z
      .string()
      .trim()
      .regex(/^([1-9]\d*\/[1-9]\d*|off)$/, "HERALD_API_RATE_LIMIT must look like 600/60 (requests/seconds per API key) or be off"),
  ),

  RESEND_WEBHOOK_SECRET: optional(z.string().trim().startsWith("whsec_", "RESEND_WEBHOOK_SECRET must be the whsec_… signing secret")),
  SENDGRID_WEBHOOK_PUBLIC_KEY: text,
  TWILIO_AUTH_TOKEN: text,
  PINGEN_WEBHOOK_SECRET: text,
  PEPPOL_WEBHOOK_SECRET: text,

  // Sending providers. A channel without its keys uses the sandbox provider.
  HERALD_EMAIL_PROVIDER: optional(z.enum(["resend", "sendgrid"])),
  HERALD_EMAIL_FROM: text,
  RESEND_API_KEY: text,
  RESEND_BASE_URL: optional(z.url()),
  SENDGRID_API_KEY: text,
  TWILIO_ACCOUNT_SID: optional(z.string().trim().startsWith("AC", "TWILIO_ACCOUNT_SID starts with AC")),
  TWILIO_FROM: text,
  PINGEN_CLIENT_ID: text,
  PINGEN_CLIENT_SECRET: text,
  PINGEN_ORGANISATION_ID: text,
  PEPPOL_API_URL: optional(z.url()),
  PEPPOL_API_KEY: text,
  // Sandbox providers: pause before each webhook they post back (default 1500 ms).
  HERALD_SANDBOX_DELAY_MS: optional(z.coerce.number().int().min(0).max(600_000)),
  /** Hand-overs started per provider and second (both runtimes); the providers' own rate limits decide it. */
  HERALD_HANDOVERS_PER_SECOND: optional(z.coerce.number().int().min(1, "HERALD_HANDOVERS_PER_SECOND must be at least 1").max(10_000)),
  /** Where Herald tells providers to post (lib/webhooks/webhook-url.ts); default inbox on Postgres, direct on the embedded database. */
  HERALD_WEBHOOK_INGRESS: optional(z.enum(["inbox", "direct"], { error: "HERALD_WEBHOOK_INGRESS must be inbox or direct" })),
  /** Communications planned per job run (both runtimes); at most what the Inngest plan batches (Free: 5, Pro: 100, Business: 500). */
  HERALD_PLANNING_BATCH_SIZE: optional(
    z.coerce.number().int().min(1, "HERALD_PLANNING_BATCH_SIZE must be at least 1").max(500, "HERALD_PLANNING_BATCH_SIZE is at most 500"),
  ),

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

/** The e-mail provider: HERALD_EMAIL_PROVIDER, else SendGrid when only its key is set, else Resend. */
export function emailProviderOf(
  env: Pick<HeraldEnv, "HERALD_EMAIL_PROVIDER" | "SENDGRID_API_KEY" | "RESEND_API_KEY">,
): "resend" | "sendgrid" {
  return env.HERALD_EMAIL_PROVIDER ?? (env.SENDGRID_API_KEY && !env.RESEND_API_KEY ? "sendgrid" : "resend");
}

// A sandbox provider signs its webhooks with what the route verifies against (a configured
// secret wins, lib/webhooks/verify.ts) — except SendGrid's, whose route verifies with a
// public key nothing can sign with. Such a setup would refuse every sandbox webhook and
// leave its e-mails Accepted forever, so it does not start.
function sandboxCanSign(env: HeraldEnv, ctx: z.RefinementCtx): void {
  if (!env.SENDGRID_WEBHOOK_PUBLIC_KEY || env.SENDGRID_API_KEY || emailProviderOf(env) !== "sendgrid") return;
  ctx.addIssue({
    code: "custom",
    path: ["SENDGRID_WEBHOOK_PUBLIC_KEY"],
    message:
      "SENDGRID_WEBHOOK_PUBLIC_KEY is set but SENDGRID_API_KEY is not: e-mail would go through the SendGrid sandbox, whose webhooks cannot be signed with SendGrid's key and would all be refused. Set SENDGRID_API_KEY, or unset SENDGRID_WEBHOOK_PUBLIC_KEY while using the sandbox.",
  });
}

const checkedEnvSchema = envSchema.superRefine(sandboxCanSign);

export function readEnv(env: Record<string, string | undefined> = process.env): HeraldEnv {
  const parsed = checkedEnvSchema.safeParse(env);
  if (!parsed.success) throw new Error(`Invalid Herald configuration: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
