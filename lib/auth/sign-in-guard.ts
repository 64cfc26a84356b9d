import { APIError, createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import type { Db } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit-events";

// Sign-in limits count wrong passwords, never successes: an office behind one IP where
// everyone signs in at shift start must not lock itself out, while guessing stays slow.
// - per client IP: `limit.max` failures within `limit.window` seconds
//   (HERALD_SIGN_IN_RATE_LIMIT), then 429 until the oldest failure leaves the window.
//   The IP comes from X-Forwarded-For, which a client talking to `next start` directly can
//   set to anything, hence also
// - per account: MAX_ACCOUNT_FAILURES wrong passwords for one e-mail within
//   ACCOUNT_WINDOW_MS, whatever IP they claim, then that e-mail is refused until the window
//   passes.
// better-auth's own request-counting limit is switched off for this path (lib/auth/auth.ts).
// Failed sign-ins go to the audit trail. In memory: Herald serves each installation from one
// process; expired entries are dropped as they are met and swept every 1,000 failures.
const MAX_ACCOUNT_FAILURES = 10;
const ACCOUNT_WINDOW_MS = 15 * 60_000;

export function createSignInGuard(db: Db, limit: { max: number; window: number }) {
  const byIp = failureWindow(limit.max, limit.window * 1000);
  const byAccount = failureWindow(MAX_ACCOUNT_FAILURES, ACCOUNT_WINDOW_MS);

  const before = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email") return;
    const now = Date.now();
    const email = emailOf(ctx.body);
    const accountWait = email ? byAccount.blockedFor(email, now) : 0;
    if (accountWait > 0) {
      const minutes = Math.ceil(accountWait / 60_000);
      throw new APIError("TOO_MANY_REQUESTS", {
        message: `Too many failed sign-ins for this account: try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin`,
      });
    }
    const ip = ctx.request ? getIP(ctx.request, ctx.context.options) : null;
    const ipWait = ip ? byIp.blockedFor(ip, now) : 0;
    if (ipWait > 0) {
      const seconds = Math.ceil(ipWait / 1000);
      throw new APIError("TOO_MANY_REQUESTS", {
        message: `Too many failed sign-ins from this network: try again in ${seconds} second${seconds === 1 ? "" : "s"}`,
      });
    }
  });

  const after = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email") return;
    const email = emailOf(ctx.body);
    if (!email) return;
    const returned = ctx.context.returned;
    if (!isAPIError(returned)) {
      byAccount.clear(email);
      return;
    }
    if (returned.statusCode !== 401) return;
    const now = Date.now();
    const ip = ctx.request ? getIP(ctx.request, ctx.context.options) : null;
    byAccount.fail(email, now);
    if (ip) byIp.fail(ip, now);
    await recordAuditEvent(db, { actorType: "staff", actorId: email, action: "staff.sign_in_failed", targetType: "staff", data: { ip } });
  });

  return { before, after };
}

/** Failure timestamps per key within a sliding window. */
function failureWindow(max: number, windowMs: number) {
  const failures = new Map<string, number[]>();
  let sincePrune = 0;
  const recent = (key: string, now: number) => {
    const times = (failures.get(key) ?? []).filter((at) => now - at < windowMs);
    if (times.length === 0) failures.delete(key);
    else failures.set(key, times);
    return times;
  };
  return {
    /** Milliseconds until `key` may try again; 0 when it may now. */
    blockedFor(key: string, now: number): number {
      const times = recent(key, now);
      return times.length >= max ? times[times.length - max]! + windowMs - now : 0;
    },
    fail(key: string, now: number): void {
      failures.set(key, [...recent(key, now), now].slice(-max));
      // Keys that never come back would stay forever: sweep them now and then.
      if (++sincePrune >= 1_000) {
        sincePrune = 0;
        for (const other of failures.keys()) recent(other, now);
      }
    },
    clear(key: string): void {
      failures.delete(key);
    },
  };
}

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : null;
}
