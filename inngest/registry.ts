import { cron } from "inngest";
import { readEnv } from "@/lib/env";
import { inngest } from "./client";
import { attemptFailed, attemptQueued, bulkSendRequested, communicationRequested } from "./events";
import { bulkSendWorkflow } from "./functions/bulk-send";
import { drainOutboxWorkflow } from "./functions/drain-outbox";
import { drainWebhookInboxWorkflow } from "./functions/drain-webhook-inbox";
import { fallBackWorkflow } from "./functions/fall-back";
import { pollChorusProWorkflow } from "./functions/poll-chorus-pro";
import { purgeProviderEventsWorkflow } from "./functions/purge-provider-events";
import { reconcileProvidersWorkflow } from "./functions/reconcile-providers";
import { sendAttemptWorkflow } from "./functions/send-attempt";
import { sendCommunicationWorkflow } from "./functions/send-communication";
import { defineJob, type Job, type LocalEvent } from "./job";

// Herald's jobs, each defined once: its trigger, flow control and handler. The Inngest
// functions served at /api/inngest and the embedded runner's registrations
// (inngest/embedded.ts) are both derived from this list, so the two runtimes cannot drift
// apart (tests/unit/job-registry.test.ts compares them). The workflows themselves live in
// inngest/functions/, one per file.

/** Hand-overs in flight per provider, whatever the backlog. */
const HANDOVER_CONCURRENCY_PER_PROVIDER = 10;
/**
 * Hand-overs started per provider and second: a backlog drains steadily, not in bursts at
 * the provider. HERALD_HANDOVERS_PER_SECOND follows a provider plan's own rate limit.
 */
const HANDOVERS_PER_SECOND = readEnv().HERALD_HANDOVERS_PER_SECOND ?? 20;

/**
 * Communications planned in one run. Inngest batches at most 5 events on its Free plan, 100
 * on Pro: HERALD_PLANNING_BATCH_SIZE follows the plan.
 */
const PLANNING_BATCH_SIZE = readEnv().HERALD_PLANNING_BATCH_SIZE ?? 100;

export const jobs: readonly Job[] = [
  defineJob({
    id: "send-communication",
    trigger: communicationRequested,
    retries: 5,
    // Planned together: one read and one write per batch (lib/sending/start-communication.ts).
    batchEvents: { maxSize: PLANNING_BATCH_SIZE, timeout: "1s" },
    handler: ({ events, step }) => sendCommunicationWorkflow({ communicationIds: events.map((event) => event.data.communicationId) }, step),
  }),
  defineJob({
    id: "send-attempt",
    trigger: attemptQueued,
    retries: 5,
    concurrency: { key: "event.data.provider", limit: HANDOVER_CONCURRENCY_PER_PROVIDER },
    throttle: { key: "event.data.provider", limit: HANDOVERS_PER_SECOND, period: "1s", burst: HANDOVERS_PER_SECOND },
    handler: ({ event, step }) => sendAttemptWorkflow(event.data, step),
  }),
  defineJob({
    id: "fall-back",
    trigger: attemptFailed,
    retries: 5,
    handler: ({ event, step }) => fallBackWorkflow(event.data, step),
  }),
  defineJob({
    id: "bulk-send",
    trigger: bulkSendRequested,
    retries: 3,
    // At most two bulk jobs fan out at once; a third waits its turn.
    concurrency: { limit: 2 },
    handler: ({ event, step }) => bulkSendWorkflow(event.data, step),
  }),
  defineJob({
    id: "purge-provider-events",
    // Nightly.
    trigger: cron("TZ=UTC 30 3 * * *"),
    retries: 3,
    concurrency: { limit: 1 },
    handler: ({ step }) => purgeProviderEventsWorkflow(step),
  }),
  defineJob({
    id: "drain-outbox",
    // The outbox's safety net: jobs are published right after their commit; this publishes what that missed.
    trigger: cron("* * * * *"),
    retries: 2,
    concurrency: { limit: 1 },
    handler: ({ step }) => drainOutboxWorkflow(step),
  }),
  defineJob({
    id: "drain-webhook-inbox",
    // The webhook inbox's safety net: requests are applied right after their 2xx; this applies what that missed.
    trigger: cron("* * * * *"),
    retries: 2,
    concurrency: { limit: 1 },
    handler: ({ step }) => drainWebhookInboxWorkflow(step),
  }),
  defineJob({
    id: "poll-chorus-pro",
    // Chorus Pro sends no webhooks: open invoices are polled every 15 minutes.
    trigger: cron("*/15 * * * *"),
    retries: 2,
    concurrency: { limit: 1 },
    handler: ({ step }) => pollChorusProWorkflow(step),
  }),
  defineJob({
    id: "reconcile-providers",
    // Attempts whose webhook is overdue are asked about through the providers' status APIs,
    // and failures whose fallback never ran are handed over again (lib/reconciliation).
    trigger: cron("*/5 * * * *"),
    retries: 2,
    concurrency: { limit: 1 },
    handler: ({ step }) => reconcileProvidersWorkflow(step),
  }),
];

/** The list as Inngest functions, created once (the client keeps every function it creates). */
export const inngestFunctions = jobs.map(({ id, trigger, retries, concurrency, throttle, batchEvents, handler }) =>
  inngest.createFunction({ id, triggers: [trigger], retries, concurrency, throttle, batchEvents }, ({ event, events, step }) =>
    // Inngest validated the events against the trigger's schema before the run.
    handler({ event: event as LocalEvent, events: events as LocalEvent[], step }),
  ),
);
