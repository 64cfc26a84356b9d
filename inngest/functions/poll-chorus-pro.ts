import { getDb } from "@/db/client";
import { readEnv } from "@/lib/env";
import { chorusProConfigFromEnv, createChorusProClient } from "@/lib/providers/chorus-pro";
import { pollChorusProStatuses } from "@/lib/providers/chorus-pro-polling";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// Chorus Pro sends no webhooks, so open Chorus Pro invoices are polled on the schedule in
// inngest/registry.ts and fed through the store-then-apply path, which commits the
// fallback job of every rejection found with it (the outbox); they are published behind.

// Per run; the oldest-waiting invoices go first, so a backlog drains over a few runs.
const POLL_LIMIT = 500;

export async function pollChorusProWorkflow(step: WorkflowStep) {
  const summary = await step.run("poll-open-invoices", async () => {
    const config = chorusProConfigFromEnv(readEnv());
    if (!config) return null;
    const db = await getDb();
    const polled = await pollChorusProStatuses(db, { client: createChorusProClient(config), now: new Date(), limit: POLL_LIMIT });
    if (polled.failures.length > 0) await publishOutbox(db);
    return {
      polled: polled.polled,
      applied: polled.applied,
      unchanged: polled.unchanged,
      errors: polled.errors,
      failed: polled.failures.length,
    };
  });
  if (!summary) return { skipped: "Chorus Pro is not configured (CHORUS_PRO_CLIENT_ID, …_SECRET, …_LOGIN, …_PASSWORD)" };
  return { polled: summary.polled, applied: summary.applied, unchanged: summary.unchanged, errors: summary.errors };
}
