import { getDb } from "@/db/client";
import { drainWebhookInbox } from "@/lib/webhooks/inbox";
import { publishOutbox } from "./outbox";

// Wakes the webhook inbox's drain (lib/webhooks/inbox.ts) after a request was stored: one
// drain per process at a time, and requests stored while it runs are taken by its next pass,
// so a burst is applied in a few large batches rather than one request at a time. The
// drain-webhook-inbox job applies whatever a wake missed (a process that stopped, a failed
// pass) every minute.

/** Requests arriving within this window of the first share its batch. */
const GATHER_MS = 10;

type InboxDrainState = { running: Promise<void> | null; again: boolean };
const globalForInbox = globalThis as typeof globalThis & { __heraldInboxDrain?: InboxDrainState };
const state = (globalForInbox.__heraldInboxDrain ??= { running: null, again: false });

/** Applies what the inbox holds, shortly. Never throws: what fails stays in the inbox for the next drain. */
export function wakeInboxDrain(): Promise<void> {
  if (state.running) {
    state.again = true;
    return state.running;
  }
  state.running = (async () => {
    try {
      do {
        state.again = false;
        await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
        await drainWebhookInbox(await getDb(), { publishJobs: publishOutbox });
      } while (state.again);
    } catch (error) {
      console.error("[webhook inbox] applying failed; the requests stay in the inbox for the next drain", error);
    } finally {
      state.running = null;
    }
  })();
  return state.running;
}
