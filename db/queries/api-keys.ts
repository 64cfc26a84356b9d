import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { apiKeys } from "../schema";

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeySummary = Omit<ApiKeyRow, "keyHash">;

const summaryColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  prefix: apiKeys.prefix,
  scopes: apiKeys.scopes,
  createdBy: apiKeys.createdBy,
  createdAt: apiKeys.createdAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

export async function insertApiKey(
  db: Db,
  params: { name: string; prefix: string; keyHash: string; scopes: string[]; createdBy: string },
): Promise<ApiKeySummary> {
  const [row] = await db.insert(apiKeys).values(params).returning(summaryColumns);
  return row!;
}

/** The key whose secret hashes to `keyHash` (unique index api_keys_key_hash_key), revoked or not. */
export async function findApiKeyByHash(db: Db, params: { keyHash: string }): Promise<ApiKeyRow | null> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, params.keyHash)).limit(1);
  return row ?? null;
}

export async function touchApiKey(db: Db, params: { id: string; at: Date }): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: params.at }).where(eq(apiKeys.id, params.id));
}

/** Revokes a key once; returns it, or null when it does not exist or was already revoked. */
export async function revokeApiKey(db: Db, params: { id: string; at: Date }): Promise<ApiKeySummary | null> {
  const [row] = await db
    .update(apiKeys)
    .set({ revokedAt: params.at })
    .where(and(eq(apiKeys.id, params.id), isNull(apiKeys.revokedAt)))
    .returning(summaryColumns);
  return row ?? null;
}

export async function listApiKeys(db: Db): Promise<ApiKeySummary[]> {
  return db.select(summaryColumns).from(apiKeys).orderBy(desc(apiKeys.createdAt));
}
