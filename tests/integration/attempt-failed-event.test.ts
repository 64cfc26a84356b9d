import { randomUUID } from "node:crypto";
import { InngestTestEngine } from "@inngest/test";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { eq } from "drizzle-orm";
import { jobOutbox } from "@/db/schema";
import { inngest } from "@/inngest/client";
import { drainOutbox } from "@/inngest/outbox";
import { attemptFailed, type AttemptFailedData } from "@/inngest/events";
import { drainLocalRunner, registerLocalFunction } from "@/inngest/local-runner";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { createAttempt } from "../support/attempt-factory";
import { type FakeChorusPro, startFakeChorusPro } from "../support/fake-chorus-pro";
import { inngestFunction } from "../support/inngest-functions";
import { SENDGRID_EXTRA, sendgridEvent, twilioCallback, twilioSid } from "@/lib/providers/sandbox/webhook-payloads";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";

// A failure arriving from a provider queues herald/attempt.failed with what the sending
// engine needs, in the outbox with the status: run in-process in the embedded default,
// published through inngest.send with an event key — from webhooks and from the Chorus
// Pro polling function alike.

let database: TestDatabase;
let secrets: SandboxSecrets;
let fake: FakeChorusPro;
beforeAll(async () => {
  [database, secrets, fake] = await Promise.all([openTestDatabase(), testSecrets(), startFakeChorusPro()]);
  provideDatabase(database);
});
beforeEach(() => stubEmbeddedEnv());
afterEach(() => vi.restoreAllMocks());
afterAll(() => Promise.all([database.close(), fake.close()]));

describe("herald/attempt.failed", () => {
  it("embedded: a bounce by webhook runs the locally registered handlers with the failure", async () => {
    const received: AttemptFailedData[] = [];
    const unregister = registerLocalFunction({
      id: "test-spy",
      trigger: attemptFailed,
      retries: 0,
      handler: async ({ event }) => void received.push(event.data),
    });
    const messageId = randomUUID().slice(0, 22);
    const { attemptId, communicationId } = await createAttempt(database.db, { provider: "sendgrid", providerMessageId: messageId });
    const body = { json: [sendgridEvent("delivered", messageId), sendgridEvent("bounce", messageId, SENDGRID_EXTRA.bounce)] };
    expect((await WEBHOOK_ROUTES.sendgrid(await signedWebhookRequest("sendgrid", body, { secrets }))).status).toBe(200);
    await drainLocalRunner();
    unregister();
    expect(received).toEqual([
      {
        attemptId,
        communicationId,
        channel: "email",
        status: "failed",
        failureClass: "permanent_recipient",
        errorCode: "5.1.1",
        errorMessage: "E-mail address bounced (5.1.1): 550 5.1.1 unknown recipient — check the address with the customer and resend",
      },
    ]);
  });

  it("with INNGEST_EVENT_KEY: published to Inngest from the outbox, once per failure; non-failures emit nothing", async () => {
    stubEmbeddedEnv({ INNGEST_EVENT_KEY: "test-event-key" });
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["evt"] } as never);
    const sid = twilioSid();
    const { attemptId, communicationId } = await createAttempt(database.db, { provider: "twilio", providerMessageId: sid, status: "sent" });
    const post = async (status: string, code?: string) =>
      WEBHOOK_ROUTES.twilio(await signedWebhookRequest("twilio", { form: twilioCallback(sid, status, code) }, { secrets }));
    await post("delivered");
    expect(send).not.toHaveBeenCalled();
    await post("undelivered", "30003");
    await post("undelivered", "30003");
    expect(send).toHaveBeenCalledTimes(1);
    const [job] = await database.db
      .select()
      .from(jobOutbox)
      .where(eq(jobOutbox.dedupeKey, `attempt-failed:${attemptId}:failed`));
    expect(job!.doneAt).not.toBeNull();
    expect(send).toHaveBeenCalledWith([
      expect.objectContaining({
        name: "herald/attempt.failed",
        id: `outbox-${job!.id}`,
        data: {
          attemptId,
          communicationId,
          channel: "sms",
          status: "failed",
          failureClass: "temporary",
          errorCode: "30003",
          errorMessage: expect.stringContaining("Unreachable handset (30003)"),
        },
      }),
    ]);
  });

  it("Inngest unreachable: the webhook is still acknowledged, the failure's job waits in the outbox and goes out with the next drain", async () => {
    stubEmbeddedEnv({ INNGEST_EVENT_KEY: "test-event-key" });
    const send = vi.spyOn(inngest, "send").mockRejectedValue(new Error("Inngest unreachable"));
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const sid = twilioSid();
    const { attemptId } = await createAttempt(database.db, { provider: "twilio", providerMessageId: sid, status: "sent" });
    const response = await WEBHOOK_ROUTES.twilio(
      await signedWebhookRequest("twilio", { form: twilioCallback(sid, "failed", "30005") }, { secrets }),
    );
    expect(response.status).toBe(200);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining("not published"), expect.any(Error));
    const waiting = async () =>
      (
        await database.db
          .select()
          .from(jobOutbox)
          .where(eq(jobOutbox.dedupeKey, `attempt-failed:${attemptId}:failed`))
      )[0]!;
    expect(await waiting()).toMatchObject({ doneAt: null, lastError: "Inngest unreachable", tries: 1 });

    send.mockResolvedValue({ ids: ["evt"] } as never);
    await drainOutbox(database.db, { now: () => new Date(Date.now() + 60_000) });
    expect((await waiting()).doneAt).not.toBeNull();
    expect(send).toHaveBeenLastCalledWith([
      expect.objectContaining({ name: "herald/attempt.failed", data: expect.objectContaining({ attemptId }) }),
    ]);
  });

  it("Chorus Pro polling (Inngest function): a rejection found is published from the outbox", async () => {
    const chorusEnv = {
      CHORUS_PRO_CLIENT_ID: fake.config.clientId,
      CHORUS_PRO_CLIENT_SECRET: fake.config.clientSecret,
      CHORUS_PRO_LOGIN: fake.config.login,
      CHORUS_PRO_PASSWORD: fake.config.password,
      CHORUS_PRO_API_URL: fake.config.apiUrl,
      CHORUS_PRO_OAUTH_URL: fake.config.oauthUrl,
    };
    const { attemptId, communicationId } = await createAttempt(database.db, {
      provider: "chorus_pro",
      providerMessageId: "7001",
      status: "sent",
    });
    fake.statuses.set("7001", "REJETEE");
    stubEmbeddedEnv({ ...chorusEnv, INNGEST_EVENT_KEY: "test-event-key" });
    const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["evt"] } as never);
    const engine = new InngestTestEngine({ function: inngestFunction("poll-chorus-pro") });
    const { result } = await engine.execute();
    expect(result).toMatchObject({ polled: 1, applied: 1, errors: [] });
    expect(send).toHaveBeenCalledWith([
      expect.objectContaining({
        name: "herald/attempt.failed",
        data: {
          attemptId,
          communicationId,
          channel: "einvoice",
          status: "rejected",
          failureClass: "permanent_content",
          errorCode: "REJETEE",
          errorMessage: expect.stringContaining("Rejected by the public buyer"),
        },
      }),
    ]);
  });

  it("Chorus Pro polling without credentials is skipped, not failed", async () => {
    const { result } = await new InngestTestEngine({ function: inngestFunction("poll-chorus-pro") }).execute();
    expect(result).toEqual({ skipped: expect.stringContaining("not configured") });
  });
});
