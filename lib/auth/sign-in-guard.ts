import { APIError, createAuthMiddleware, getIP, isAPIError } from "better-auth/api";
import type { Db } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit-events";

// better-auth's rate limit counts sign-ins per client IP, and the IP comes from
// X-Forwarded-For — which a client talking to `next start` directly can set to anything.
// This guard adds a limit per account that no header changes: after MAX_FAILURES wrong
// passwords for one e-mail within WINDOW_MS, that e-mail is refused (429) until the window
// passes. Failed sign-ins go to the audit trail too. In memory: Herald serves each
// installation from one process.
const MAX_FAILURES = 10;
const WINDOW_MS = 15 * 60_000;

type Failures = { count: number; since: number };

export function createSignInGuard(db: Db) {
  const failures = new Map<string, Failures>();
  const current = (email: string, now: number) => {
    const entry = failures.get(email);
    if (entry && now - entry.since < WINDOW_MS) return entry;
    failures.delete(email);
    return null;
  };

  const before = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email") return;
    const email = emailOf(ctx.body);
    const entry = email ? current(email, Date.now()) : null;
    if (entry && entry.count >= MAX_FAILURES) {
      const minutes = Math.ceil((entry.since + WINDOW_MS - Date.now()) / 60_000);
      throw new APIError("TOO_MANY_REQUESTS", {
        message: `Too many failed sign-ins for this account: try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or ask an admin`,
      });
    }
  });

  const after = createAuthMiddleware(async (ctx) => {
    if (ctx.path !== "/sign-in/email") return;
    const email = emailOf(ctx.body);
    if (!email) return;
    const returned = ctx.context.returned;
    if (!isAPIError(returned)) {
      failures.delete(email);
      return;
    }
    if (returned.statusCode !== 401) return;
    const now = Date.now();
    const entry = current(email, now) ?? { count: 0, since: now };
    failures.set(email, { ...entry, count: entry.count + 1 });
    const ip = ctx.request ? getIP(ctx.request, ctx.context.options) : null;
    await recordAuditEvent(db, { actorType: "staff", actorId: email, action: "staff.sign_in_failed", targetType: "staff", data: { ip } });
  });

  return { before, after };
}

function emailOf(body: unknown): string | null {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : null;
}
