import { sql } from "drizzle-orm";
import type { Db } from "../client";
import type { Provider } from "../schema/enums";
import { compileStatement, executePrepared, rowsOf } from "./prepared";

// The webhook inbox (db/schema/webhook-inbox.ts): one INSERT per request on the way in;
// claimed a batch at a time, under a lease, by whichever drain gets there first
// (SKIP LOCKED: any number of drains, on any number of instances); deleted once applied.

export type InboxRequest = { provider: Provider; body: string; headers: Record<string, string>; bodySha256: string; receivedAt: Date };
export type InboxRow = InboxRequest & { id: number };

const STORE = compileStatement(
  sql`INSERT INTO webhook_inbox (provider, body, headers, body_sha256, received_at)
      VALUES (${sql.placeholder("provider")}::provider, ${sql.placeholder("body")}, ${sql.placeholder("headers")}::jsonb,
              ${sql.placeholder("bodySha256")}, ${sql.placeholder("receivedAt")}::timestamptz)`,
);

/** Stores one verified request: the only statement between its arrival and its 2xx. */
export async function storeInboxRequest(db: Db, request: InboxRequest): Promise<void> {
  await executePrepared(db, STORE, {
    provider: request.provider,
    body: request.body,
    headers: JSON.stringify(request.headers),
    bodySha256: request.bodySha256,
    receivedAt: request.receivedAt.toISOString(),
  });
}

const CLAIM = compileStatement(
  sql`UPDATE webhook_inbox SET claimed_until = ${sql.placeholder("leaseUntil")}::timestamptz
      WHERE id IN (
        SELECT id FROM webhook_inbox
        WHERE claimed_until IS NULL OR claimed_until < ${sql.placeholder("now")}::timestamptz
        ORDER BY id LIMIT ${sql.placeholder("limit")} FOR UPDATE SKIP LOCKED)
      RETURNING id, provider, body, headers, body_sha256, received_at`,
);

/** Claims up to `limit` requests nobody holds (or whose holder's lease ended), oldest first. */
export async function claimInboxRequests(db: Db, params: { limit: number; now: Date; leaseUntil: Date }): Promise<InboxRow[]> {
  const result = await executePrepared(db, CLAIM, {
    leaseUntil: params.leaseUntil.toISOString(),
    now: params.now.toISOString(),
    limit: params.limit,
  });
  return rowsOf<{
    id: number | string;
    provider: Provider;
    body: string;
    headers: Record<string, string> | string;
    body_sha256: string;
    received_at: Date | string;
  }>(result)
    .map((row) => ({
      id: Number(row.id),
      provider: row.provider,
      body: row.body,
      headers: typeof row.headers === "string" ? (JSON.parse(row.headers) as Record<string, string>) : row.headers,
      bodySha256: row.body_sha256,
      receivedAt: new Date(row.received_at),
    }))
    .sort((a, b) => a.id - b.id);
}

const DELETE = compileStatement(sql`DELETE FROM webhook_inbox WHERE id = ANY(${sql.placeholder("ids")}::bigint[])`);

/** Forgets applied requests (their events are in provider_events). */
export async function deleteInboxRequests(db: Db, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await executePrepared(db, DELETE, { ids: `{${ids.join(",")}}` });
}

/** What waits to be applied, for tracking health: how many requests, and since when. */
export async function readInboxBacklog(db: Db): Promise<{ waiting: number; oldestReceivedAt: Date | null }> {
  const result = await db.execute(sql`SELECT count(*)::int AS waiting, min(received_at) AS oldest FROM webhook_inbox`);
  const [row] = rowsOf<{ waiting: number; oldest: Date | string | null }>(result);
  return { waiting: Number(row?.waiting ?? 0), oldestReceivedAt: row?.oldest ? new Date(row.oldest) : null };
}
