import { APIError, createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import type { Db } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit-events";
import { clearRateLimit, releaseRateLimitHit } from "@/db/queries/rate-limits";
import { consumeRateLimit, type RateLimitRule } from "@/lib/rate-limit";

// Sign-in limits count wrong passwords, never successes: an office behind one IP where
// everyone signs in at shift start must not lock itself out, while guessing stays slow.
// - per client IP: `limit.max` failures within `limit.window` seconds
//   (HERALD_SIGN_IN_RATE_LIMIT), then 429 until the window that began with the first
//   failure ends. The IP comes from X-Forwarded-For, which a client talking to
//   `next start` directly can set to anything, hence also
// - per account: MAX_ACCOUNT_FAILURES wrong passwords for one e-mail within
//   ACCOUNT_WINDOW_SECONDS, whatever IP they claim, then that e-mail is refused until the
//   window passes.
// The counters live in Postgres (lib/rate-limit.ts), shared by every instance. Each sign-in
// takes its place in both counters *before* the password is checked — one atomic upsert
// each — and gives it back once it succeeded (or failed for another reason than the
// password), so a burst of concurrent guesses on several instances cannot all pass a check
// made before any of them failed. A request that dies without an answer keeps its place:
// the error is on the safe side. better-auth's own request-counting limit is switched off
// for this path (lib/auth/auth.ts). Failed sign-ins go to the audit trail.
const MAX_ACCOUNT_FAILURES = 10;
const ACCOUNT_WINDOW_SECONDS = 15 * 60;

const SIGN_IN_PATH = "/sign-in/email";

export function createSignInGuard(db: Db, limit: { max: number; window: number }) {
  const ipRule: RateLimitRule = { max: limit.max, windowSeconds: limit.window };
  const accountRule: RateLimitRule = { max: MAX_ACCOUNT_FAILURES, windowSeconds: ACCOUNT_WINDOW_SECONDS };

  const before = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== SIGN_IN_PATH) return;
    const { accountKey, ipKey } = keysOf(ctx);
    if (accountKey) {
      const account = await consumeRateLimit(db, accountKey, accountRule);
      if (!account.allowed) {
        await releaseRateLimitHit(db, { key: accountKey });
        const minutes = Math.ceil(account.retryAfterSeconds / 60);
        throw tooMany(
          `Too many failed sign-ins for this account: try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin`,
          account.retryAfterSeconds,
        );
      }
    }
    if (ipKey) {
      const ip = await consumeRateLimit(db, ipKey, ipRule);
      if (!ip.allowed) {
        await release(db, [ipKey, accountKey]);
        const seconds = ip.retryAfterSeconds;
        throw tooMany(`Too many failed sign-ins from this network: try again in ${seconds} second${seconds === 1 ? "" : "s"}`, seconds);
      }
    }
  });

  const after = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== SIGN_IN_PATH) return;
    const { email, ip, accountKey, ipKey } = keysOf(ctx);
    const returned = ctx.context.returned;
    if (!isAPIError(returned)) {
      // Signed in: the attempt was no failure, and the account's earlier typos are forgiven.
      await release(db, [ipKey]);
      if (accountKey) await clearRateLimit(db, { key: accountKey });
      return;
    }
    if (returned.statusCode !== 401) {
      // Refused before the password was judged (bad body, foreign origin…): not a guess.
      await release(db, [ipKey, accountKey]);
      return;
    }
    if (!email) return;
    await recordAuditEvent(db, { actorType: "staff", actorId: email, action: "staff.sign_in_failed", targetType: "staff", data: { ip } });
  });

  return { before, after };
}

type GuardContext = { body?: unknown; request?: Request | undefined; context: { options: Parameters<typeof getIP>[1] } };

function keysOf(ctx: GuardContext) {
  const email = emailOf(ctx.body);
  const ip = ctx.request ? getIP(ctx.request, ctx.context.options) : null;
  return {
    email,
    ip,
    accountKey: email ? `sign-in:account:${email}` : null,
    ipKey: ip ? `sign-in:ip:${ip}` : null,
  };
}

async function release(db: Db, keys: (string | null)[]): Promise<void> {
  for (const key of keys) if (key) await releaseRateLimitHit(db, { key });
}

function tooMany(message: string, retryAfterSeconds: number): APIError {
  return new APIError("TOO_MANY_REQUESTS", { message }, { "retry-after": String(retryAfterSeconds) });
}

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : null;
}
