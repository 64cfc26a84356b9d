import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { webhookRejections } from "../schema";
import type { Provider, WebhookRejectionReason } from "../schema/enums";

/** Counts one refused webhook request: a single upserted row per provider and reason. */
export async function recordWebhookRejection(
  db: Db,
  params: { provider: Provider; reason: WebhookRejectionReason; detail: string; at: Date },
) {
  await db
    .insert(webhookRejections)
    .values({
      provider: params.provider,
      reason: params.reason,
      count: 1,
      firstAt: params.at,
      lastAt: params.at,
      lastDetail: params.detail,
    })
    .onConflictDoUpdate({
      target: [webhookRejections.provider, webhookRejections.reason],
      set: {
        count: sql`${webhookRejections.count} + 1`,
        lastAt: sql`GREATEST(${webhookRejections.lastAt}, excluded.last_at)`,
        lastDetail: sql`excluded.last_detail`,
      },
    });
}

export async function listWebhookRejections(db: Db) {
  return db.select().from(webhookRejections);
}
