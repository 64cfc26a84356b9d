import { InngestTestEngine } from "@inngest/test";
import { count, gte } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { reconciliationRuns } from "@/db/schema";
import { localStep } from "@/inngest/local-runner";
import { jobs } from "@/inngest/registry";
import { peppolEvent } from "@/lib/providers/sandbox/webhook-payloads";
import { runReconciliation } from "@/lib/reconciliation/run";
import type { SendingDeps } from "@/lib/sending/deps";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { getTrackingHealth } from "@/lib/tracking-health";
import type { AttemptStatus, Provider } from "@/lib/status";
import { createAttempt, readAttempt } from "../support/attempt-factory";
import { inngestFunction } from "../support/inngest-functions";
import { queuedFallbackJobs } from "../support/jobs-by-hand";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import {
  closeStatusFakes,
  fakeStatusRegistry,
  startStatusFakes,
  type StatusFakes,
  storedEventKeys,
  waitedSince,
} from "../support/reconciliation-harness";
import { FAST_RETRY } from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Each provider's status API through reconciliation — Twilio, Pingen, the Peppol access
// point, Resend; SendGrid cannot be asked — within each channel's SLA window only, with
// the failures handed to the publisher; what the run did on tracking health; and the
// scheduled job, run as Inngest runs it and as the embedded runner does.

let database: TestDatabase;
let fakes: StatusFakes;
beforeAll(async () => {
  [database, fakes] = await Promise.all([openTestDatabase(), startStatusFakes()]);
  provideDatabase(database);
  stubEmbeddedEnv();
});
afterAll(() => Promise.all([database.close(), closeStatusFakes(fakes)]));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

async function waiting(provider: Provider, providerMessageId: string, status: AttemptStatus, ago: number, now: Date) {
  const attempt = await createAttempt(database.db, { provider, providerMessageId, status });
  await waitedSince(database.db, attempt.attemptId, new Date(now.getTime() - ago));
  return attempt;
}

describe("reconciliation per provider", () => {
  it("asks each status API about what is overdue, applies the answers and publishes the failures", async () => {
    const now = new Date();
    const letter = await waiting("pingen", "l-rec", "accepted", 4 * DAY, now);
    const posted = await waiting("pingen", "l-posted", "sent", 4 * DAY, now); // Sent is final for a letter: not asked
    const einvoice = await waiting("peppol", "tx-rec", "accepted", 2 * DAY, now);
    const sms = await waiting("twilio", "SM-undelivered", "sent", 2 * HOUR, now);
    const unknown = await waiting("resend", "re-404", "accepted", 3 * HOUR, now);
    const young = await waiting("resend", "re-young", "accepted", HOUR, now); // within the SLA
    const old = await waiting("resend", "re-old", "accepted", 8 * DAY, now); // past "stop asking"
    await waiting("sendgrid", "sg-rec", "accepted", 3 * HOUR, now);
    fakes.pingen.letters.set("l-rec", "undeliverable").set("l-posted", "delivered");
    fakes.peppol.transmissions.set("tx-rec", peppolEvent("mls.AP", "tx-rec", { mls: { responseCode: "AP" } }, "evt-rec"));
    fakes.twilio.statuses.set("SM-undelivered", { status: "undelivered", errorCode: 30005 });
    fakes.resend.lastEvents.set("re-young", "delivered").set("re-old", "delivered");

    let publications = 0;
    const run = await runReconciliation(database.db, {
      providers: await fakeStatusRegistry(fakes),
      publishJobs: async () => void publications++,
      now: () => now,
    });
    const of = (provider: Provider) => run.providers.find((row) => row.provider === provider);
    expect(of("pingen")).toMatchObject({ supported: true, due: 1, checked: 1, moved: 1 });
    expect(of("peppol")).toMatchObject({ due: 1, checked: 1, moved: 1 });
    expect(of("twilio")).toMatchObject({ due: 1, checked: 1, moved: 1 });
    expect(of("resend")).toMatchObject({ due: 1, checked: 1, moved: 0, unknown: 1, errors: [expect.stringContaining("HTTP 404")] });
    expect(of("sendgrid")).toMatchObject({ supported: false, reason: expect.stringContaining("Email Activity"), due: 1, checked: 0 });

    expect(await readAttempt(database.db, letter.attemptId)).toMatchObject({ status: "failed", failureClass: "permanent_recipient" });
    expect(await readAttempt(database.db, einvoice.attemptId)).toMatchObject({ status: "delivered", statusLabel: "Sent" });
    expect(await readAttempt(database.db, sms.attemptId)).toMatchObject({
      status: "failed",
      statusLabel: "Undelivered",
      errorCode: "30005",
    });
    for (const untouched of [posted, unknown, young, old])
      expect((await readAttempt(database.db, untouched.attemptId)).statusLabel).toBeNull();
    expect(publications).toBe(1);
    const queued = (await queuedFallbackJobs(database.db)).filter((job) => [letter.attemptId, sms.attemptId].includes(job.attemptId));
    expect(queued.map((failure) => [failure.attemptId, failure.channel, failure.status, failure.failureClass]).sort()).toEqual(
      [
        [letter.attemptId, "post", "failed", "permanent_recipient"],
        [sms.attemptId, "sms", "failed", "permanent_recipient"],
      ].sort(),
    );
    expect(run).toMatchObject({ failuresPublished: 2, strandedFound: 0 });

    // The access point's webhook for the same event arrives late: a duplicate.
    const webhook = await WEBHOOK_ROUTES.peppol(
      await signedWebhookRequest(
        "peppol",
        { json: peppolEvent("mls.AP", "tx-rec", { mls: { responseCode: "AP" } }, "evt-rec") },
        { secrets: await testSecrets() },
      ),
    );
    expect(await webhook.json()).toMatchObject({ duplicate: 1 });
    expect(await storedEventKeys(database.db, "tx-rec")).toEqual(["evt-rec applied"]);

    const health = await getTrackingHealth(database.db, { now, unresolvedLimit: 5 });
    expect(health.reconciliation.lastRun).toMatchObject({ checked: 4, moved: 3, unknown: 1, failuresPublished: 2, strandedFound: 0 });
    expect(health.reconciliation.providers.map((row) => [row.provider, row.checked, row.moved, row.unknown])).toEqual([
      ["resend", 1, 0, 1],
      ["twilio", 1, 1, 0],
      ["pingen", 1, 1, 0],
      ["peppol", 1, 1, 0],
    ]);
    expect(health.reconciliation.withoutStatusApi).toEqual([
      { provider: "sendgrid", reason: expect.stringContaining("Email Activity"), due: 1 },
    ]);
  });
});

describe("the scheduled job", () => {
  it("runs a round on Inngest and in the embedded runner, each recorded", async () => {
    const now = new Date(Date.now() + 30 * DAY);
    const deps: SendingDeps = { db: database.db, providers: await fakeStatusRegistry(fakes), retry: FAST_RETRY, now: () => now };
    provideSendingDeps(deps);
    const onInngest = await waiting("twilio", "SM-cron-1", "sent", 2 * HOUR, now);
    const embedded = await waiting("twilio", "SM-cron-2", "sent", 2 * HOUR, now);
    fakes.twilio.statuses.set("SM-cron-1", { status: "delivered" });

    const { result } = await new InngestTestEngine({ function: inngestFunction("reconcile-providers") }).execute();
    expect(result).toMatchObject({
      providers: expect.arrayContaining([expect.objectContaining({ provider: "twilio", checked: 2, moved: 1 })]),
    });
    expect((await readAttempt(database.db, onInngest.attemptId)).status).toBe("delivered");

    // The embedded runner calls the same handler with its in-process step tools.
    fakes.twilio.statuses.set("SM-cron-2", { status: "delivered" });
    const job = jobs.find((candidate) => candidate.id === "reconcile-providers")!;
    const later = new Date(now.getTime() + 2 * HOUR);
    provideSendingDeps({ ...deps, now: () => later });
    const tick = { name: "inngest/scheduled.timer" as const, data: { cron: "*/5 * * * *" } };
    await job.handler({ event: tick, events: [tick], step: localStep() });
    expect((await readAttempt(database.db, embedded.attemptId)).status).toBe("delivered");
    const [runs] = await database.db.select({ n: count() }).from(reconciliationRuns).where(gte(reconciliationRuns.startedAt, now));
    expect(runs!.n).toBe(2);
  });
});
