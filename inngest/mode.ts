import { readEnv } from "@/lib/env";

// Where jobs run. INNGEST_EVENT_KEY (production) or INNGEST_DEV (a local Inngest dev
// server) → Inngest; neither → the embedded default: the in-process local runner.

export type InngestMode = "cloud" | "dev" | "embedded";

export function inngestMode(env = readEnv()): InngestMode {
  if (env.INNGEST_EVENT_KEY) return "cloud";
  if (env.INNGEST_DEV && env.INNGEST_DEV !== "0" && env.INNGEST_DEV !== "false") return "dev";
  return "embedded";
}
