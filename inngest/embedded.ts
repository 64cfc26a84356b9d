import { pollChorusProWorkflow } from "./functions/poll-chorus-pro";
import { purgeProviderEventsWorkflow } from "./functions/purge-provider-events";
import { inngestMode } from "./dispatch";
import { registerLocalSchedule, startLocalSchedules } from "./local-runner";

// The embedded default's stand-in for Inngest's crons, started once by instrumentation.ts
// when Next boots. With Inngest configured the crons run there and this does nothing.

const MINUTE = 60_000;

export function startEmbeddedSchedules(): void {
  if (inngestMode() !== "embedded") return;
  registerLocalSchedule({ id: "poll-chorus-pro", everyMs: 15 * MINUTE, run: pollChorusProWorkflow });
  registerLocalSchedule({ id: "purge-provider-events", everyMs: 24 * 60 * MINUTE, run: purgeProviderEventsWorkflow });
  startLocalSchedules();
}
