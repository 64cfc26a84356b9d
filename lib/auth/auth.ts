import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { createAuthMiddleware, isAPIError } from "better-auth/api";
import { type Db, getDb } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit-events";
import { getStaff } from "@/db/queries/staff";
import { staffAccounts, staffSessions, staffUsers, staffVerifications } from "@/db/schema";
import { type HeraldEnv, readEnv } from "@/lib/env";
import { rateLimitStorage } from "./rate-limit-storage";
import { STAFF_ROLES } from "./roles";
import { resolveAuthSecret } from "./secret";
import { createSignInGuard } from "./sign-in-guard";

// Staff sign-in: better-auth with e-mail + password, sessions in Postgres through its
// Drizzle adapter, HTTP-only cookies (Secure whenever the origin is https). Nobody signs
// up: accounts are created by an admin, `npm run staff:create`, HERALD_ADMIN_EMAIL on first
// start, or the demo accounts of the embedded default (lib/auth/staff-accounts.ts).

export type AuthOptions = {
  secret: string;
  /** The public origin; without it any localhost / 127.0.0.1 port is accepted (npm start, tests). */
  publicUrl?: string;
  signInLimit: { max: number; window: number };
};

// `npm start` and the browser suite serve on whatever port is free: without
// HERALD_PUBLIC_URL the origin is taken from the request, but only for loopback hosts
// (a request without a Host header, e.g. a handler called in-process, gets the fallback).
const LOOPBACK_HOSTS = ["localhost", "localhost:*", "127.0.0.1", "127.0.0.1:*", "[::1]", "[::1]:*"];

export function createAuth(db: Db, options: AuthOptions) {
  const signInGuard = createSignInGuard(db, options.signInLimit);
  return betterAuth({
    appName: "Herald",
    secret: options.secret,
    baseURL: options.publicUrl ?? { allowedHosts: LOOPBACK_HOSTS, protocol: "http", fallback: "http://localhost:3000" },
    telemetry: { enabled: false },
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: staffUsers, session: staffSessions, account: staffAccounts, verification: staffVerifications },
    }),
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 12, maxPasswordLength: 128 },
    user: {
      // input: false — nobody can give themselves a role through an auth endpoint. The UI
      // language (null: the browser's) is set by Herald's own action, read with the session.
      additionalFields: {
        role: { type: [...STAFF_ROLES], required: false, input: false, defaultValue: "viewer" },
        locale: { type: "string", required: false, input: false },
      },
    },
    // Customer data on screen: a session lasts a working day, extended while in use.
    session: { expiresIn: 12 * 60 * 60, updateAge: 60 * 60 },
    // On in every mode (better-auth enables it in production only), so what the tests
    // see is what runs. Counted in Postgres (lib/auth/rate-limit-storage.ts), so several
    // instances share one budget. Sign-in is limited by failures, not requests
    // (lib/auth/sign-in-guard.ts).
    rateLimit: {
      enabled: true,
      customStorage: rateLimitStorage(db),
      customRules: { "/sign-in/email": false, "/change-password": { window: 60, max: 5 } },
    },
    // better-auth skips the origin check under NODE_ENV=test; Herald keeps it on everywhere.
    advanced: { database: { generateId: "uuid" }, disableOriginCheck: false },
    hooks: {
      before: signInGuard.before,
      after: createAuthMiddleware(async (ctx) => {
        await signInGuard.after(ctx);
        const user = ctx.context.session?.user;
        if (ctx.path !== "/change-password" || !user || isAPIError(ctx.context.returned)) return;
        await recordAuditEvent(db, {
          actorType: "staff",
          actorId: user.email,
          action: "staff.password_changed",
          targetType: "staff",
          targetId: user.id,
        });
      }),
    },
    databaseHooks: {
      session: {
        create: {
          after: async (session) => {
            const staff = await getStaff(db, { id: session.userId });
            await recordAuditEvent(db, {
              actorType: "staff",
              actorId: staff?.email ?? session.userId,
              action: "staff.signed_in",
              targetType: "staff",
              targetId: session.userId,
              data: { ip: session.ipAddress ?? null, userAgent: session.userAgent ?? null },
            });
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

export async function authOptionsFromEnv(env: HeraldEnv = readEnv()): Promise<AuthOptions> {
  const [max, window] = (env.HERALD_SIGN_IN_RATE_LIMIT ?? "5/60").split("/").map(Number) as [number, number];
  return { secret: await resolveAuthSecret(env), publicUrl: env.HERALD_PUBLIC_URL, signInLimit: { max, window } };
}

type AuthCache = { db: Db; auth: Promise<Auth> };
const globalForAuth = globalThis as typeof globalThis & { __heraldAuth?: AuthCache };

/**
 * The app's auth instance over the app's database, built once per process (on globalThis:
 * Next evaluates modules once per bundle) and rebuilt when tests hand the app another
 * database through provideDatabase().
 */
export async function getAuth(): Promise<Auth> {
  const db = await getDb();
  if (globalForAuth.__heraldAuth?.db !== db) {
    globalForAuth.__heraldAuth = { db, auth: authOptionsFromEnv().then((options) => createAuth(db, options)) };
  }
  return globalForAuth.__heraldAuth.auth;
}
