import { afterAll, describe, expect, it, vi } from "vitest";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { listLocalFunctions } from "@/inngest/local-runner";
import { inngestFunctions } from "@/inngest/registry";

// One job list (inngest/registry.ts) feeds both runtimes. This reads each side the way it
// is served — Inngest's function objects (fn.id(), fn.opts) and the embedded runner's
// registrations — and requires the same jobs with the same triggers and flow control.

afterAll(() => vi.unstubAllEnvs());

const byId = <T extends { id: string }>(rows: T[]) => rows.toSorted((a, b) => a.id.localeCompare(b.id));

function servedByInngest() {
  return inngestFunctions.map((fn) => {
    const triggers = fn.opts.triggers ?? [];
    expect(triggers).toHaveLength(1);
    const trigger = triggers[0]!;
    return {
      id: fn.id(),
      // Inngest registers an event trigger by its `event` name (an EventType carries one).
      trigger: "cron" in trigger ? { cron: trigger.cron } : { event: trigger.event },
      retries: fn.opts.retries,
      concurrency: fn.opts.concurrency,
      throttle: fn.opts.throttle,
      batchEvents: fn.opts.batchEvents,
    };
  });
}

describe("the job registry", () => {
  it("gives Inngest and the embedded runner the same jobs, triggers, concurrency, throttle, batching and retries", () => {
    registerEmbeddedFunctions();
    expect(byId(listLocalFunctions())).toEqual(byId(servedByInngest()));
  });

  it("serves every job, with the flow control the sending engine relies on", () => {
    expect(byId(servedByInngest())).toEqual([
      { id: "bulk-send", trigger: { event: "herald/bulk-send.requested" }, retries: 3, concurrency: { limit: 2 } },
      { id: "drain-outbox", trigger: { cron: "* * * * *" }, retries: 2, concurrency: { limit: 1 } },
      { id: "drain-webhook-inbox", trigger: { cron: "* * * * *" }, retries: 2, concurrency: { limit: 1 } },
      { id: "fall-back", trigger: { event: "herald/attempt.failed" }, retries: 5 },
      { id: "poll-chorus-pro", trigger: { cron: "*/15 * * * *" }, retries: 2, concurrency: { limit: 1 } },
      { id: "purge-provider-events", trigger: { cron: "TZ=UTC 30 3 * * *" }, retries: 3, concurrency: { limit: 1 } },
      { id: "reconcile-providers", trigger: { cron: "*/5 * * * *" }, retries: 2, concurrency: { limit: 1 } },
      {
        id: "send-attempt",
        trigger: { event: "herald/attempt.queued" },
        retries: 5,
        concurrency: { key: "event.data.provider", limit: 10 },
        throttle: { key: "event.data.provider", limit: 20, period: "1s", burst: 20 },
      },
      {
        id: "send-communication",
        trigger: { event: "herald/communication.requested" },
        retries: 5,
        batchEvents: { maxSize: 100, timeout: "1s" },
      },
    ]);
  });

  it("is what /api/inngest serves", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    vi.stubEnv("INNGEST_DEV", "1");
    const { GET } = await import("@/app/api/inngest/route");
    const response = await GET(new Request("http://localhost/api/inngest") as never, {});
    expect(await response.json()).toMatchObject({ mode: "dev", function_count: inngestFunctions.length });
  });
});
