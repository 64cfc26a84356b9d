import { Inngest } from "inngest";

// One client for the whole app. Production runs on Inngest (INNGEST_EVENT_KEY /
// INNGEST_SIGNING_KEY); without them Herald runs the same handlers in-process.
export const inngest = new Inngest({ id: "herald" });
