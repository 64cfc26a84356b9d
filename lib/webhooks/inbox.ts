import type { Db } from "@/db/client";
import { claimInboxRequests, deleteInboxRequests, type InboxRow, storeInboxRequest } from "@/db/queries/webhook-inbox";
import { applyProviderEvents } from "./apply-provider-events";
import type { ProviderEvent } from "./provider-event";
import { PARSERS, readVerifiedWebhook, type ReceiveDependencies } from "./receive";
import type { WebhookProvider } from "./verify";

// The webhook inbox (docs/architecture.md §2): the provider's 2xx costs one INSERT — the
// request verified and stored as it arrived — and its events are applied right behind, many
// requests at a time, with the same rules as a request applied on its own
// (applyProviderEvents: duplicates acknowledged, unknown ids and unrecognised types stored,
// never dropped). A drain claims requests under a lease and deletes them once applied; one
// that dies leaves them to the next when the lease ends, and applying a request twice
// changes nothing (every event is stored once per key).

export type InboxReceipt = { accepted: true };

/** Verifies and stores one request; the events are applied by the next drain. */
export async function acceptWebhook(
  provider: WebhookProvider,
  request: Request,
  deps: Omit<ReceiveDependencies, "publishJobs">,
): Promise<InboxReceipt> {
  const now = deps.now ?? new Date();
  const raw = await readVerifiedWebhook(provider, request, { ...deps, now });
  const headers: Record<string, string> = {};
  raw.headers.forEach((value, name) => (headers[name] = value));
  await storeInboxRequest(deps.db, { provider, body: raw.text, headers, bodySha256: raw.bodySha256, receivedAt: now });
  return { accepted: true };
}

export type InboxDrainOptions = {
  /** Publishes the fallback jobs the applied failures queued; never throws. */
  publishJobs: () => Promise<void>;
  now?: () => Date;
  /** Requests claimed at a time. */
  batchSize?: number;
  /** How long a claim holds before another drain may take the requests over. */
  leaseMs?: number;
};

export type InboxDrainResult = { requests: number; events: number };

/** Requests a drain claims at a time. */
export const INBOX_BATCH_SIZE = 200;
const LEASE_MS = 30_000;
/** One applyProviderEvents call at most: a batch of SendGrid requests can hold thousands. */
const EVENTS_PER_APPLY = 2_000;

/** Applies what the inbox holds, a batch at a time, until it is empty. */
export async function drainWebhookInbox(db: Db, options: InboxDrainOptions): Promise<InboxDrainResult> {
  const now = options.now ?? (() => new Date());
  const total: InboxDrainResult = { requests: 0, events: 0 };
  const limit = options.batchSize ?? INBOX_BATCH_SIZE;
  for (;;) {
    const at = now();
    const rows = await claimInboxRequests(db, { limit, now: at, leaseUntil: new Date(at.getTime() + (options.leaseMs ?? LEASE_MS)) });
    if (rows.length === 0) break;
    total.events += await applyInboxRows(db, rows, options.publishJobs);
    total.requests += rows.length;
    if (rows.length < limit) break;
  }
  return total;
}

/** Applies claimed requests provider by provider, in the order they arrived, then forgets them. */
async function applyInboxRows(db: Db, rows: readonly InboxRow[], publishJobs: () => Promise<void>): Promise<number> {
  let events = 0;
  let failures = 0;
  for (const [provider, requests] of groupByProvider(rows)) {
    const parsed = requests.flatMap((row) => parseInboxRow(provider, row));
    for (let start = 0; start < parsed.length; start += EVENTS_PER_APPLY) {
      const applied = await applyProviderEvents(db, parsed.slice(start, start + EVENTS_PER_APPLY));
      failures += applied.failures.length;
    }
    events += parsed.length;
  }
  await deleteInboxRequests(
    db,
    rows.map((row) => row.id),
  );
  if (failures > 0) await publishJobs();
  return events;
}

function parseInboxRow(provider: WebhookProvider, row: InboxRow): ProviderEvent[] {
  const raw = { text: row.body, headers: new Headers(row.headers), bodySha256: row.bodySha256 };
  return PARSERS[provider](raw).map((event) => ({ ...event, receivedAt: row.receivedAt }));
}

function groupByProvider(rows: readonly InboxRow[]): Map<WebhookProvider, InboxRow[]> {
  const groups = new Map<WebhookProvider, InboxRow[]>();
  for (const row of rows) {
    const provider = row.provider as WebhookProvider;
    const group = groups.get(provider) ?? [];
    group.push(row);
    groups.set(provider, group);
  }
  return groups;
}
