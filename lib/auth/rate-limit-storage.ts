import type { BetterAuthRateLimitStorage } from "@better-auth/core";
import type { Db } from "@/db/client";
import { consumeRateLimit } from "@/lib/rate-limit";

// better-auth's request limits (its defaults per endpoint, and Herald's rule for
// /change-password) counted in Herald's rate_limit_counters table instead of one process's
// memory. better-auth's key is `<client ip>|<path>`.
export function rateLimitStorage(db: Db): BetterAuthRateLimitStorage {
  return {
    async consume(key, rule) {
      const decision = await consumeRateLimit(db, `auth:${key}`, { max: rule.max, windowSeconds: rule.window });
      return { allowed: decision.allowed, retryAfter: decision.allowed ? null : decision.retryAfterSeconds };
    },
  };
}
