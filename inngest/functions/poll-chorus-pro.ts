import { getDb } from "@/db/client";
import { readEnv } from "@/lib/env";
import { chorusProConfigFromEnv, createChorusProClient } from "@/lib/providers/chorus-pro";
import { pollChorusProStatuses } from "@/lib/providers/chorus-pro-polling";
import { attemptFailedEvent } from "../events";
import type { WorkflowStep } from "../job";

// Chorus Pro sends no webhooks, so open Chorus Pro invoices are polled on the schedule in
// inngest/registry.ts and fed through the store-then-apply path; rejections found emit
// herald/attempt.failed.

// Per run; the oldest-waiting invoices go first, so a backlog drains over a few runs.
const POLL_LIMIT = 500;

export async function pollChorusProWorkflow(step: WorkflowStep) {
  const summary = await step.run("poll-open-invoices", async () => {
    const config = chorusProConfigFromEnv(readEnv());
    if (!config) return null;
    return pollChorusProStatuses(await getDb(), { client: createChorusProClient(config), now: new Date(), limit: POLL_LIMIT });
  });
  if (!summary) return { skipped: "Chorus Pro is not configured (CHORUS_PRO_CLIENT_ID, …_SECRET, …_LOGIN, …_PASSWORD)" };
  if (summary.failures.length > 0) {
    await step.sendEvent("emit-attempt-failed", summary.failures.map(attemptFailedEvent));
  }
  return { polled: summary.polled, applied: summary.applied, unchanged: summary.unchanged, errors: summary.errors };
}
