import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recordHandover } from "@/db/queries/attempt-writes";
import { jobOutbox, providerEvents } from "@/db/schema";
import { readEnv } from "@/lib/env";
import { createProviderRegistry } from "@/lib/providers/registry";
import type { AnyProviderAdapter } from "@/lib/providers/types";
import { twilioCallback, twilioSid } from "@/lib/providers/sandbox/webhook-payloads";
import type { SendingDeps } from "@/lib/sending/deps";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { startCommunication } from "@/lib/sending/start-communication";
import { STATUS } from "@/lib/status";
import { applyProviderEvents } from "@/lib/webhooks/apply-provider-events";
import { applyEarlyReports } from "@/lib/webhooks/early-reports";
import { PARSERS } from "@/lib/webhooks/receive";
import { createAttempt, eventsOfMessage, readAttempt, readCommunication } from "../support/attempt-factory";
import { markJobsRunByHand } from "../support/jobs-by-hand";
import { testSecrets } from "../support/provider-requests";
import { PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import { invoiceFor } from "../support/suppression-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Twilio can report on a message before Herald has recorded the hand-over that gave it its
// SID, and echoes no attempt id: the report is stored under an unknown message id. Once the
// hand-over records the SID, those early reports are applied (lib/webhooks/early-reports.ts),
// so the attempt shows what Twilio said instead of waiting an hour for reconciliation.

let database: TestDatabase;
let secrets: Awaited<ReturnType<typeof testSecrets>>;

beforeAll(async () => {
  stubEmbeddedEnv();
  [database, secrets] = await Promise.all([openTestDatabase(), testSecrets()]);
});
beforeEach(() => markJobsRunByHand(database.db));
afterAll(() => database.close());

const report = (sid: string, status: string, code?: string) =>
  applyProviderEvents(
    database.db,
    PARSERS.twilio({
      text: new URLSearchParams(twilioCallback(sid, status, code)).toString(),
      headers: new Headers(),
      bodySha256: randomUUID(),
    }),
  );

describe("reports that came before the hand-over was recorded", () => {
  it("are stored under an unknown message id, then applied once the hand-over records it, keeping their keys and arrival times", async () => {
    const sid = twilioSid();
    const { attemptId, communicationId } = await createAttempt(database.db, {
      provider: "twilio",
      providerMessageId: null,
      status: STATUS.queued,
    });
    await report(sid, "sent");
    await report(sid, "delivered");
    const early = await eventsOfMessage(database.db, sid);
    expect(early.map((event) => event.outcome)).toEqual(["unknown_message", "unknown_message"]);

    await recordHandover(database.db, {
      attemptId,
      outcome: { kind: "accepted", status: STATUS.accepted, label: "Accepted", providerMessageId: sid },
      at: new Date(),
    });
    const applied = await applyEarlyReports(database.db, { provider: "twilio", providerMessageId: sid });

    expect(applied?.events.map((event) => event.outcome)).toEqual(["applied", "applied"]);
    expect(await readAttempt(database.db, attemptId)).toMatchObject({ status: STATUS.delivered, statusLabel: "Delivered" });
    expect((await readCommunication(database.db, communicationId)).status).toBe(STATUS.delivered);
    const after = await eventsOfMessage(database.db, sid);
    expect(after.map((event) => [event.eventKey, event.outcome, event.attemptId, event.receivedAt.toISOString()]).sort()).toEqual(
      early.map((event) => [event.eventKey, "applied", attemptId, event.receivedAt.toISOString()]).sort(),
    );
    // Nothing left to apply the second time.
    expect(await applyEarlyReports(database.db, { provider: "twilio", providerMessageId: sid })).toBeNull();
  });

  it("through the real hand-over: Twilio's report posted before its API answered still moves the attempt, and a failure queues its fallback", async () => {
    // The sandbox's own later reports are dropped: this Twilio's one report is the early one.
    const base = testSendingDeps(database.db, secrets, {
      providers: createProviderRegistry(readEnv(), { delayMs: 0, deliver: async () => {} }),
    });
    const reported: Record<string, [string, string?]> = {};
    // Twilio as it sometimes is: the status callback reaches Herald before the API's answer.
    const deps: SendingDeps = {
      ...base,
      providers: {
        ...base.providers,
        adapterFor: (provider) => {
          const adapter = base.providers.adapterFor(provider);
          if (provider !== "twilio") return adapter;
          return {
            ...adapter,
            send: async (message: never, context: never) => {
              const result = await (adapter as { send: (m: never, c: never) => ReturnType<AnyProviderAdapter["send"]> }).send(
                message,
                context,
              );
              const [status, code] = reported.next!;
              if (result.ok) await report(result.providerMessageId, status, code);
              return result;
            },
          } as AnyProviderAdapter;
        },
      },
    };

    for (const [status, code, expected] of [
      ["delivered", undefined, STATUS.delivered],
      ["undelivered", "30005", STATUS.failed],
    ] as const) {
      reported.next = [status, code];
      const { communicationId } = await invoiceFor(database.db, { mobile: "+33 6 12 34 56 78", postal: PARIS_ADDRESS });
      const started = await startCommunication(deps, communicationId);
      if (started.kind !== "queued") throw new Error(`expected a queued attempt, got ${started.kind}`);
      const handedOver = await handOverAttempt(deps, started.attemptId);

      expect(handedOver).toMatchObject({ kind: "accepted" });
      expect((await readAttempt(database.db, started.attemptId)).status).toBe(expected);
      const fallbacks = await database.db
        .select()
        .from(jobOutbox)
        .where(eq(jobOutbox.dedupeKey, `attempt-failed:${started.attemptId}:failed`));
      expect(fallbacks).toHaveLength(expected === STATUS.failed ? 1 : 0);
      expect(handedOver.kind === "accepted" && handedOver.queuedJobs === true).toBe(expected === STATUS.failed);
      const unknown = await database.db.select().from(providerEvents).where(eq(providerEvents.attemptId, started.attemptId));
      expect(unknown.every((event) => event.outcome === "applied")).toBe(true);
    }
  });
});
