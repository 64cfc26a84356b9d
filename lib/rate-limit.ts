import type { Db } from "@/db/client";
import { hitRateLimit } from "@/db/queries/rate-limits";

// Herald's rate limits (API keys, sign-in, better-auth's endpoints) count in Postgres, not in
// process memory: several instances behind a load balancer share one budget per key.

export type RateLimitRule = { max: number; windowSeconds: number };
export type RateLimitDecision = { allowed: boolean; count: number; retryAfterSeconds: number };

/** Counts one request against `key`; allowed while the window's count stays within `rule.max`. */
export async function consumeRateLimit(db: Db, key: string, rule: RateLimitRule): Promise<RateLimitDecision> {
  const hit = await hitRateLimit(db, { key, windowSeconds: rule.windowSeconds });
  return { allowed: hit.count <= rule.max, ...hit };
}

/** "5/60" → 5 per 60 seconds (the form of HERALD_SIGN_IN_RATE_LIMIT and HERALD_API_RATE_LIMIT). */
export function parseRateLimitRule(value: string): RateLimitRule {
  const [max, windowSeconds] = value.split("/").map(Number) as [number, number];
  return { max, windowSeconds };
}
