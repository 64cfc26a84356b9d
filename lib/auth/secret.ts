import { resolveDatabaseConfig } from "@/db/client";
import type { HeraldEnv } from "@/lib/env";
import { sandboxSecrets } from "@/lib/webhooks/sandbox-secrets";

/**
 * The secret that signs staff session cookies. With an external database (production)
 * it must come from BETTER_AUTH_SECRET. In the embedded default it is derived from the
 * installation's seed like the sandbox secrets (random per installation, kept beside
 * the data, stable across restarts), so `npm start` needs no configuration.
 */
export async function resolveAuthSecret(env: HeraldEnv, processEnv: Record<string, string | undefined> = process.env): Promise<string> {
  if (env.BETTER_AUTH_SECRET) return env.BETTER_AUTH_SECRET;
  if (resolveDatabaseConfig(processEnv).driver !== "pglite") {
    throw new Error(
      "BETTER_AUTH_SECRET is not set: with DATABASE_URL Herald needs a secret to sign staff sessions — set it to 32+ random characters (openssl rand -hex 32).",
    );
  }
  return (await sandboxSecrets(env)).authSecret;
}
