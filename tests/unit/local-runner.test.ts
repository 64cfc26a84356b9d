import { afterEach, describe, expect, it, vi } from "vitest";
import { attemptFailed, attemptFailedEvent } from "@/inngest/events";
import { sendEvents } from "@/inngest/dispatch";
import { drainLocalRunner, localStep, registerLocalFunction, setLocalRetryDelay } from "@/inngest/local-runner";

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
    await sendEvents([attemptFailedEvent(failure), attemptFailedEvent(failure)]);
    await drainLocalRunner();
    expect(seen).toEqual([failure]);
  });

  it("refuses an event whose data does not match the schema", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "");
    await expect(sendEvents([attemptFailedEvent({ ...failure, channel: "pigeon" as "email" })])).rejects.toThrow();
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
    await sendEvents([attemptFailedEvent({ ...failure, status: "rejected" })]);
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
  it("sends through the Inngest client instead", async () => {
    vi.stubEnv("INNGEST_EVENT_KEY", "test-key");
    const { inngest } = await import("@/inngest/client");
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["1"] } as never);
    await sendEvents([attemptFailedEvent(failure)]);
    expect(send).toHaveBeenCalledWith([expect.objectContaining({ name: "herald/attempt.failed", data: failure })]);
    send.mockRestore();
  });
});
