import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, auditEvents } from "@/db/schema";
import { type ApiKeyScope, authenticateApiKey, createApiKey, hashApiKey, revokeApiKeyById } from "@/lib/auth/api-keys";
import { HeraldError } from "@/lib/errors";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const request = (headers: Record<string, string>) => new Request("http://localhost/api/v1/communications", { headers });
const bearer = (key: string) => request({ authorization: `Bearer ${key}` });

async function refusal(req: Request, scope: ApiKeyScope = "send"): Promise<HeraldError> {
  const error = await authenticateApiKey(req, scope, { db: database.db }).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof HeraldError)) throw new Error(`expected a HeraldError, got ${String(error)}`);
  return error;
}

describe("API keys", () => {
  it("stores only the SHA-256 of the secret, shows it once, and audits the creation", async () => {
    const { key, secret } = await createApiKey(database.db, { name: "Billing", scopes: ["send", "read"], createdBy: "admin@herald.test" });
    expect(secret).toMatch(/^hld_[A-Za-z0-9_-]{43}$/);
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.keyHash).toBe(hashApiKey(secret));
    expect(JSON.stringify(row)).not.toContain(secret.slice(12));
    expect(row!.prefix).toBe(secret.slice(0, 12));
    const [audit] = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, key.id));
    expect(audit).toMatchObject({ action: "api_key.created", actorId: "admin@herald.test", actorType: "staff" });
  });

  it("accepts a valid key (Bearer or x-api-key) with its identity, and records when it was last used", async () => {
    const { key, secret } = await createApiKey(database.db, { name: "Dunning", scopes: ["read"], createdBy: "admin@herald.test" });
    const now = new Date("2026-03-01T10:00:00Z");
    const identity = await authenticateApiKey(bearer(secret), "read", { db: database.db, now });
    expect(identity).toEqual({ id: key.id, name: "Dunning", prefix: key.prefix, scopes: ["read"] });
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.lastUsedAt?.toISOString()).toBe(now.toISOString());

    const later = new Date("2026-03-01T10:05:00Z");
    expect((await authenticateApiKey(request({ "x-api-key": secret }), "read", { db: database.db, now: later })).id).toBe(key.id);
    const [touched] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(touched!.lastUsedAt?.toISOString()).toBe(later.toISOString());
  });

  it("refuses a missing or malformed key with 401 saying how to send it", async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: "Bearer hld_short" },
      { "x-api-key": "not-a-key" },
    ];
    for (const headers of attempts) {
      const error = await refusal(request(headers));
      expect(error.status).toBe(401);
      expect(error.code).toMatch(/^api_key_(missing|malformed)$/);
      expect(error.message).toMatch(/Authorization: Bearer/);
    }
  });

  it("refuses an unknown key with 401", async () => {
    const error = await refusal(bearer(`hld_${"A".repeat(43)}`));
    expect([error.status, error.code]).toEqual([401, "api_key_unknown"]);
    expect(error.message).toMatch(/not known to Herald/);
  });

  it("refuses a revoked key with 401 naming the key and when it was revoked", async () => {
    const { key, secret } = await createApiKey(database.db, { name: "Old integration", scopes: ["send"], createdBy: "admin@herald.test" });
    await revokeApiKeyById(database.db, { id: key.id, revokedBy: "admin@herald.test" });
    const error = await refusal(bearer(secret));
    expect([error.status, error.code]).toEqual([401, "api_key_revoked"]);
    expect(error.message).toContain(key.prefix);
    expect(error.message).toMatch(/revoked on \d{4}-/);
    const [row] = await database.db.select().from(apiKeys).where(eq(apiKeys.id, key.id));
    expect(row!.lastUsedAt).toBeNull();
    const revocations = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, key.id));
    expect(revocations.map((e) => e.action).sort()).toEqual(["api_key.created", "api_key.revoked"]);
    await expect(revokeApiKeyById(database.db, { id: key.id, revokedBy: "admin@herald.test" })).rejects.toMatchObject({ status: 404 });
  });

  it("refuses a key without the needed scope with 403 naming the scope", async () => {
    const { secret } = await createApiKey(database.db, { name: "Reporting", scopes: ["read"], createdBy: "admin@herald.test" });
    const error = await refusal(bearer(secret), "send");
    expect([error.status, error.code]).toEqual([403, "api_key_scope"]);
    expect(error.message).toMatch(/needs "send"/);
  });
});
