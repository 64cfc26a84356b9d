import { vi } from "vitest";
import { TEST_SANDBOX_SEED } from "./provider-requests";

/**
 * The embedded default as a test sees it: no provider secrets (so the routes verify
 * against the sandbox secrets of TEST_SANDBOX_SEED) and no Inngest (events run in-process).
 */
export function stubEmbeddedEnv(overrides: Record<string, string> = {}): void {
  vi.unstubAllEnvs();
  const env: Record<string, string> = {
    HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED,
    HERALD_PUBLIC_URL: "",
    RESEND_WEBHOOK_SECRET: "",
    SENDGRID_WEBHOOK_PUBLIC_KEY: "",
    TWILIO_AUTH_TOKEN: "",
    PINGEN_WEBHOOK_SECRET: "",
    PEPPOL_WEBHOOK_SECRET: "",
    INNGEST_EVENT_KEY: "",
    INNGEST_DEV: "",
    ...overrides,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}
