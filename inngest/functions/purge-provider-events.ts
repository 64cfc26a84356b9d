import { getDb } from "@/db/client";
import { purgeProviderEvents } from "@/db/queries/provider-events";
import { purgeExpiredRateLimits } from "@/db/queries/rate-limits";
import { purgeProviderSignals } from "@/db/queries/provider-routes";
import { providerEventRetentionCutoff } from "@/lib/retention";
import type { WorkflowStep } from "../job";

// Nightly: delete raw provider events past the retention period, a batch per step so a
// large backlog never becomes one long transaction. Attempts and communications stay.
// Rate-limit counters whose window has passed go too (a key that never comes back would
// otherwise keep its row), and failover's hand-over signals older than a day (its
// health windows are minutes long).

const BATCH_SIZE = 5_000;
// A million rows per night at most; anything beyond waits for the next run.
const MAX_BATCHES = 200;
const SIGNAL_RETENTION_MS = 24 * 60 * 60_000;

export async function purgeProviderEventsWorkflow(step: WorkflowStep) {
  // The cut-off is taken once, inside a step, so every replay deletes against the same time.
  const cutoff = await step.run("compute-cutoff", async () => providerEventRetentionCutoff(new Date()).toISOString());
  let deleted = 0;
  for (let batch = 0; batch < MAX_BATCHES; batch++) {
    const count = await step.run(`delete-batch-${batch}`, async () =>
      purgeProviderEvents(await getDb(), { receivedBefore: new Date(cutoff), batchSize: BATCH_SIZE }),
    );
    deleted += count;
    if (count < BATCH_SIZE) break;
  }
  const expiredRateLimits = await step.run("purge-rate-limits", async () => purgeExpiredRateLimits(await getDb()));
  await step.run("purge-provider-signals", async () =>
    purgeProviderSignals(await getDb(), { before: new Date(Date.now() - SIGNAL_RETENTION_MS) }),
  );
  return { cutoff, deleted, expiredRateLimits };
}
