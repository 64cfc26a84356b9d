import { afterEach, describe, expect, it, vi } from "vitest";
import { attemptFailed, attemptFailedEvent, eventFromOutboxRow } from "@/inngest/events";
import {
  dispatchLocally,
  drainLocalRunner,
  localStep,
  registerLocalFunction,
  runLocally,
  setLocalRetryDelay,
} from "@/inngest/local-runner";
import { defaultPublisher } from "@/inngest/outbox";

const failure = {
  attemptId: "0b7f2c1e-4a57-4c2b-9a61-2f4c3f1d9e01",
  communicationId: "5d0c6f3a-9b1e-4e2f-8c7d-1a2b3c4d5e6f",
  channel: "email" as const,
  status: "failed" as const,
  failureClass: "permanent_recipient" as const,
  errorCode: "5.1.1",
  errorMessage: "E-mail address bounced — check the address and resend",
};

const cleanups: (() => void)[] = [];
afterEach(async () => {
  await drainLocalRunner();
  cleanups.splice(0).forEach((cleanup) => cleanup());
  vi.unstubAllEnvs();
});

describe("embedded dispatch (no INNGEST_EVENT_KEY)", () => {
  it("runs the handlers registered for the event, with validated data, once per event id", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    vi.stubEnv("INNGEST_DEV", "");
    const seen: unknown[] = [];
    cleanups.push(
      registerLocalFunction({ id: "spy", trigger: attemptFailed, retries: 0, handler: async ({ event }) => void seen.push(event.data) }),
    );
    await dispatchLocally([attemptFailedEvent(failure), attemptFailedEvent(failure)]);
    await drainLocalRunner();
    expect(seen).toEqual([failure]);
  });

  it("refuses to publish an outbox row whose data does not match the event's schema", async () => {
    const row = { id: 7, eventName: attemptFailed.name, data: { ...failure, channel: "pigeon" } };
    await expect(eventFromOutboxRow(row)).rejects.toThrow();
    await expect(eventFromOutboxRow({ ...row, eventName: "herald/unknown" })).rejects.toThrow(/unknown event/);
    expect((await eventFromOutboxRow({ ...row, data: failure })).id).toBe("outbox-7");
  });

  it("settles a local run with the error of a handler whose retries ran out", async () => {
    setLocalRetryDelay(1);
    cleanups.push(
      registerLocalFunction({
        id: "broken",
        trigger: attemptFailed,
        retries: 1,
        handler: async () => {
          throw new Error("always broken");
        },
      }),
    );
    const settled = await runLocally(attemptFailedEvent({ ...failure, attemptId: "3c1d2e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f" }));
    expect(settled.error).toMatch(/broken: always broken/);
  });

  it("retries a failing handler with backoff", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    setLocalRetryDelay(1);
    let calls = 0;
    cleanups.push(
      registerLocalFunction({
        id: "flaky",
        trigger: attemptFailed,
        retries: 2,
        handler: async () => {
          if (++calls < 3) throw new Error("flaky");
        },
      }),
    );
    await dispatchLocally([attemptFailedEvent({ ...failure, status: "rejected" })]);
    await drainLocalRunner();
    expect(calls).toBe(3);
  });

  it("gives workflows Inngest's step contract: JSON results, sendEvent dispatches locally", async () => {
    const step = localStep();
    expect(await step.run("when", async () => ({ at: new Date("2026-01-01T00:00:00Z") }))).toEqual({ at: "2026-01-01T00:00:00.000Z" });
    const seen: string[] = [];
    cleanups.push(
      registerLocalFunction({
        id: "spy",
        trigger: attemptFailed,
        retries: 0,
        handler: async ({ event }) => void seen.push(event.data.attemptId),
      }),
    );
    const other = { ...failure, attemptId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d" };
    await step.sendEvent("emit", [attemptFailedEvent(other)]);
    await drainLocalRunner();
    expect(seen).toEqual([other.attemptId]);
  });
});

describe("Inngest dispatch (INNGEST_EVENT_KEY set)", () => {
  it("publishes through the Inngest client instead", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "test-key");
    const { inngest } = await import("@/inngest/client");
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["1"] } as never);
    const publisher = defaultPublisher();
    if (publisher.kind !== "durable") throw new Error(`expected Inngest, got ${publisher.kind}`);
    await publisher.send([attemptFailedEvent(failure)]);
    expect(send).toHaveBeenCalledWith([expect.objectContaining({ name: "herald/attempt.failed", data: failure })]);
    send.mockRestore();
  });
});
