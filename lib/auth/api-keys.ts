import { createHash, randomBytes } from "node:crypto";
import { type Db, getDb } from "@/db/client";
import { insertApiKey, findApiKeyByHash, revokeApiKey, touchApiKey, type ApiKeySummary } from "@/db/queries/api-keys";
import { recordAuditEvent } from "@/db/queries/audit-events";
import { type HeraldEnv, readEnv } from "@/lib/env";
import { HeraldError } from "@/lib/errors";
import { consumeRateLimit, parseRateLimitRule, type RateLimitRule } from "@/lib/rate-limit";

// Platform API keys live in Herald's own api_keys table (SHA-256 of the secret, a display
// prefix, scopes, last use, revocation) rather than better-auth's API-key plugin: a
// platform key belongs to the installation, not to a staff user as the plugin's keys do;
// the plugin brings its own table and a per-key rate limit (10 requests a day by default)
// that the sending API must not inherit. A random 256-bit secret needs no slow hash:
// SHA-256 makes the stored value useless to whoever reads the table.

export const API_KEY_SCOPES = ["send", "read"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export type ApiKeyIdentity = { id: string; name: string; prefix: string; scopes: ApiKeyScope[] };

const KEY_PATTERN = /^hld_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 12;
// last_used_at is a "when was this key last seen" hint, not a log: writing it at most once
// a minute spares a busy integration one UPDATE per request.
const TOUCH_INTERVAL_MS = 60_000;
// Requests per key and window (HERALD_API_RATE_LIMIT), counted in Postgres so every
// instance shares the budget. 10 a second on average, bursts included: a bulk send is one
// request whatever its size, so only a runaway loop meets it.
const DEFAULT_API_RATE_LIMIT = "600/60";

export function apiRateLimit(env: HeraldEnv = readEnv()): RateLimitRule | null {
  const value = env.HERALD_API_RATE_LIMIT ?? DEFAULT_API_RATE_LIMIT;
  return value === "off" ? null : parseRateLimitRule(value);
}

export function generateApiKeySecret(): string {
  return `hld_${randomBytes(32).toString("base64url")}`;
}

export function hashApiKey(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Creates a key; the secret is returned here once and never stored. */
export async function createApiKey(
  db: Db,
  params: { name: string; scopes: ApiKeyScope[]; createdBy: string; actorType?: "staff" | "system" },
): Promise<{ key: ApiKeySummary; secret: string }> {
  const secret = generateApiKeySecret();
  const key = await insertApiKey(db, {
    name: params.name,
    prefix: secret.slice(0, PREFIX_LENGTH),
    keyHash: hashApiKey(secret),
    scopes: [...new Set(params.scopes)],
    createdBy: params.createdBy,
  });
  await recordAuditEvent(db, {
    actorType: params.actorType ?? "staff",
    actorId: params.createdBy,
    action: "api_key.created",
    targetType: "api_key",
    targetId: key.id,
    data: { name: key.name, prefix: key.prefix, scopes: key.scopes },
  });
  return { key, secret };
}

export async function revokeApiKeyById(db: Db, params: { id: string; revokedBy: string }): Promise<ApiKeySummary> {
  const key = await revokeApiKey(db, { id: params.id, at: new Date() });
  if (!key) throw new HeraldError(404, "api_key_not_found", "This API key does not exist or is already revoked. Reload the page.");
  await recordAuditEvent(db, {
    actorType: "staff",
    actorId: params.revokedBy,
    action: "api_key.revoked",
    targetType: "api_key",
    targetId: key.id,
    data: { name: key.name, prefix: key.prefix },
  });
  return key;
}

/**
 * The platform API's check: the key in `Authorization: Bearer <key>` (or `x-api-key`) must
 * exist, not be revoked and carry `scope`. Throws HeraldError 401 (missing, malformed,
 * unknown, revoked) or 403 (scope missing), each saying what to do.
 */
export async function authenticateApiKey(
  request: Request,
  scope: ApiKeyScope,
  options: { db?: Db; now?: Date } = {},
): Promise<ApiKeyIdentity> {
  const secret = readKey(request.headers);
  const db = options.db ?? (await getDb());
  const key = await findApiKeyByHash(db, { keyHash: hashApiKey(secret) });
  if (!key)
    throw new HeraldError(
      401,
      "api_key_unknown",
      "This API key is not known to Herald — check that it was copied whole, or ask an admin for a new one.",
    );
  if (key.revokedAt) {
    throw new HeraldError(
      401,
      "api_key_revoked",
      `API key ${key.prefix}… ("${key.name}") was revoked on ${key.revokedAt.toISOString()} — ask a Herald admin for a new key.`,
    );
  }
  await enforceApiRateLimit(db, key);
  const scopes = key.scopes.filter((s): s is ApiKeyScope => (API_KEY_SCOPES as readonly string[]).includes(s));
  if (!scopes.includes(scope)) {
    throw new HeraldError(
      403,
      "api_key_scope",
      `API key ${key.prefix}… has scopes [${scopes.join(", ")}]; this request needs "${scope}". Ask a Herald admin for a key with the "${scope}" scope.`,
    );
  }
  const now = options.now ?? new Date();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= TOUCH_INTERVAL_MS) await touchApiKey(db, { id: key.id, at: now });
  return { id: key.id, name: key.name, prefix: key.prefix, scopes };
}

/** Counts the request against the key's budget: 429 with Retry-After once it is spent. */
async function enforceApiRateLimit(db: Db, key: { id: string; prefix: string; name: string }): Promise<void> {
  const rule = apiRateLimit();
  if (!rule) return;
  const decision = await consumeRateLimit(db, `api:${key.id}`, rule);
  if (decision.allowed) return;
  const wait = decision.retryAfterSeconds;
  throw new HeraldError(
    429,
    "rate_limited",
    `API key ${key.prefix}… ("${key.name}") made more than ${rule.max} requests in ${rule.windowSeconds} seconds (HERALD_API_RATE_LIMIT) — retry in ${wait} second${wait === 1 ? "" : "s"}, as the Retry-After header says.`,
    { "retry-after": String(wait) },
  );
}

function readKey(headers: Headers): string {
  const authorization = headers.get("authorization")?.trim();
  const value = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization)?.[1] : headers.get("x-api-key")?.trim();
  if (!authorization && !value) {
    throw new HeraldError(401, "api_key_missing", "No API key: send it as `Authorization: Bearer <key>` (or `x-api-key: <key>`).");
  }
  if (!value || !KEY_PATTERN.test(value)) {
    throw new HeraldError(
      401,
      "api_key_malformed",
      "The API key is malformed: expected `Authorization: Bearer hld_…` with the whole key (47 characters) as shown when it was created.",
    );
  }
  return value;
}
