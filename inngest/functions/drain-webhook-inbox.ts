import { getDb } from "@/db/client";
import { drainWebhookInbox } from "@/lib/webhooks/inbox";
import type { WorkflowStep } from "../job";
import { publishOutbox } from "../outbox";

// Every minute, in both runtimes: apply the webhook requests the inbox still holds — those
// whose wake-up never ran (a process stopped right after its 2xx) or whose drain failed.
// Requests are normally applied within milliseconds of their arrival (inngest/webhook-inbox.ts).
export async function drainWebhookInboxWorkflow(step: WorkflowStep) {
  return step.run("apply", async () => drainWebhookInbox(await getDb(), { publishJobs: publishOutbox }));
}
