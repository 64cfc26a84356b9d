import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { insertCommunication } from "@/db/queries/communication-intake";
import { getLatestReconciliationRun } from "@/db/queries/reconciliation";
import { contactPoints } from "@/db/schema";
import { publishOutbox } from "@/inngest/outbox";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { twilioCallback } from "@/lib/providers/sandbox/webhook-payloads";
import { runReconciliation } from "@/lib/reconciliation/run";
import { RECONCILIATION_SLA } from "@/lib/reconciliation/sla";
import type { SendingDeps } from "@/lib/sending/deps";
import { provideSendingDeps } from "@/lib/sending/runtime";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { createAttempt, readAttempt } from "../support/attempt-factory";
import { FAKE_RESEND_KEY } from "../support/fakes/fake-resend";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import {
  closeStatusFakes,
  fakeStatusRegistry,
  startStatusFakes,
  type StatusFakes,
  storedEventKeys,
  waitedSince,
} from "../support/reconciliation-harness";
import { attemptsOf, createTestCustomer, INVOICE_DATA, testSendingDeps } from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// A provider that never calls back: the sending engine hands e-mails to Resend (a local
// fake that takes them and posts no webhook), and once the e-mail SLA has passed,
// reconciliation asks Resend's status API and moves each attempt to its real status — a
// bounce then falls back to SMS exactly as a webhook bounce would. Asking again stores
// nothing twice, and a poll and the webhook of the same transition dedupe.

let database: TestDatabase;
let secrets: SandboxSecrets;
let fakes: StatusFakes;
let deps: SendingDeps;

beforeAll(async () => {
  [database, secrets, fakes] = await Promise.all([openTestDatabase(), testSecrets(), startStatusFakes()]);
  provideDatabase(database);
  stubEmbeddedEnv();
  registerEmbeddedFunctions();
});
beforeEach(() => {
  // Resend is the real adapter against the fake; every other channel is its sandbox.
  stubEmbeddedEnv({ RESEND_API_KEY: FAKE_RESEND_KEY, RESEND_BASE_URL: fakes.resend.url });
  deps = testSendingDeps(database.db, secrets);
  provideSendingDeps(deps);
});
afterAll(() => Promise.all([database.close(), closeStatusFakes(fakes)]));

const EMAIL_SLA = RECONCILIATION_SLA.email.afterMs;
const HOUR = 3_600_000;

async function sendInvoice(customer: { email: string; mobile?: string }) {
  const customerId = await createTestCustomer(database.db, customer);
  const communication = await insertCommunication(database.db, {
    customerId,
    subjectType: "invoice",
    subjectRef: `INV-${crypto.randomUUID().slice(0, 8)}`,
    category: "invoice",
    templateData: INVOICE_DATA,
  });
  await publishOutbox(database.db);
  return { communicationId: communication.id, customerId };
}

async function settle() {
  await drainLocalRunner();
  await settleSandboxWebhooks();
  await drainLocalRunner();
}

describe("reconciliation with a provider that never calls back", () => {
  it("moves e-mails to their real status after the SLA, and a bounce falls back", async () => {
    const bounced = await sendInvoice({ email: "ada@acme.example", mobile: "+33 6 12 34 56 78" });
    const delivered = await sendInvoice({ email: "bea@acme.example" });
    await settle();
    const [bouncedEmail] = await attemptsOf(database.db, bounced.communicationId);
    const [deliveredEmail] = await attemptsOf(database.db, delivered.communicationId);
    expect([bouncedEmail, deliveredEmail].map((row) => [row!.channel, row!.provider, row!.status])).toEqual([
      ["email", "resend", "accepted"],
      ["email", "resend", "accepted"],
    ]);
    fakes.resend.lastEvents.set(bouncedEmail!.providerMessageId!, "bounced").set(deliveredEmail!.providerMessageId!, "delivered");
    const reconcile = (now: Date) =>
      runReconciliation(database.db, { providers: deps.providers, publishJobs: () => publishOutbox(database.db), now: () => now });

    // Within the SLA nobody is asked: the webhook may still come.
    const early = await reconcile(new Date(bouncedEmail!.statusAt.getTime() + EMAIL_SLA - 60_000));
    expect(early.providers.find((row) => row.provider === "resend")).toMatchObject({ due: 0, checked: 0 });
    expect(fakes.resend.requests.filter((request) => request.method === "GET")).toEqual([]);

    const slaExpiry = new Date(Math.max(bouncedEmail!.statusAt.getTime(), deliveredEmail!.statusAt.getTime()) + EMAIL_SLA);
    const started = performance.now();
    const run = await reconcile(new Date(slaExpiry.getTime() + 1_000));
    const runMs = performance.now() - started;
    expect(run.providers.find((row) => row.provider === "resend")).toMatchObject({
      due: 2,
      checked: 2,
      moved: 2,
      unchanged: 0,
      unknown: 0,
    });
    expect(run).toMatchObject({ failuresPublished: 1, strandedFound: 0 });
    // In production the cron fires within 5 minutes of the SLA expiring; the run itself is this:
    console.log(`reconciliation latency: run ${runMs.toFixed(0)} ms for 2 overdue attempts (+ ≤ 5 min until the next */5 cron)`);

    await vi.waitFor(
      async () => {
        await settle();
        expect(await attemptsOf(database.db, bounced.communicationId)).toHaveLength(2);
      },
      { timeout: 15_000, interval: 50 },
    );
    await settle();
    const chain = await attemptsOf(database.db, bounced.communicationId);
    expect(chain.map((row) => [row.kind, row.channel, row.status, row.statusLabel, row.failureClass])).toEqual([
      ["first", "email", "failed", "Bounced", "permanent_recipient"],
      ["fallback", "sms", "delivered", "Delivered", null],
    ]);
    expect(chain[1]!.repeatsAttemptId).toBe(chain[0]!.id);
    expect((await readAttempt(database.db, deliveredEmail!.id)).status).toBe("delivered");
    // The bounce said the address does not work, as the webhook's would.
    const [email] = await database.db
      .select()
      .from(contactPoints)
      .where(and(eq(contactPoints.customerId, bounced.customerId), eq(contactPoints.channel, "email")));
    expect(email!.invalidAt).not.toBeNull();
    expect(await storedEventKeys(database.db, bouncedEmail!.providerMessageId!)).toEqual([
      `status:${bouncedEmail!.providerMessageId}:bounced applied`,
    ]);
    expect(await getLatestReconciliationRun(database.db)).toMatchObject({ checked: 2, moved: 2, unknown: 0, failuresPublished: 1 });
  });
});

describe("asking again", () => {
  it("stores nothing twice, and a poll and the webhook of one transition dedupe", async () => {
    const registry = await fakeStatusRegistry(fakes);
    const reconcile = (now: Date) => runReconciliation(database.db, { providers: registry, publishJobs: async () => {}, now: () => now });
    const now = new Date();
    // The SMS's "sent" callback came; "delivered" never did.
    const sms = await createAttempt(database.db, { provider: "twilio", providerMessageId: "SM-dedupe", status: "accepted" });
    const sent = await WEBHOOK_ROUTES.twilio(
      await signedWebhookRequest("twilio", { form: twilioCallback("SM-dedupe", "sent") }, { secrets }),
    );
    expect(sent.status).toBe(200);
    await waitedSince(database.db, sms.attemptId, new Date(now.getTime() - 1.5 * HOUR));
    const email = await createAttempt(database.db, { provider: "resend", providerMessageId: "re-dedupe", status: "accepted" });
    await waitedSince(database.db, email.attemptId, new Date(now.getTime() - 3 * HOUR));
    fakes.twilio.statuses.set("SM-dedupe", { status: "sent" });
    fakes.resend.lastEvents.set("re-dedupe", "sent");

    const of = (run: Awaited<ReturnType<typeof reconcile>>, provider: string) => run.providers.find((row) => row.provider === provider);
    const first = await reconcile(now);
    expect(of(first, "twilio")).toMatchObject({ checked: 1, moved: 0, unchanged: 1 });
    expect(of(first, "resend")).toMatchObject({ checked: 1, moved: 0, unchanged: 1 });
    // Twilio's poll has the callback's key: the webhook's row is the only one.
    expect(await storedEventKeys(database.db, "SM-dedupe")).toEqual(["SM-dedupe:sent applied"]);
    expect(await storedEventKeys(database.db, "re-dedupe")).toEqual(["status:re-dedupe:sent ignored"]);

    // Asked again before the recheck interval: nobody is asked.
    expect(of(await reconcile(new Date(now.getTime() + 60_000)), "twilio")).toMatchObject({ due: 0, checked: 0 });
    // Past it, both are asked again and say the same: nothing new is stored.
    const later = await reconcile(new Date(now.getTime() + 2 * HOUR + 60_000));
    expect([of(later, "twilio")?.checked, of(later, "resend")?.checked]).toEqual([1, 1]);
    expect(await storedEventKeys(database.db, "SM-dedupe")).toEqual(["SM-dedupe:sent applied"]);
    expect(await storedEventKeys(database.db, "re-dedupe")).toEqual(["status:re-dedupe:sent ignored"]);

    // Then delivered: the poll moves it, and the webhook arriving late changes nothing.
    fakes.twilio.statuses.set("SM-dedupe", { status: "delivered" });
    const moved = await reconcile(new Date(now.getTime() + 4 * HOUR + 2 * 60_000));
    expect(of(moved, "twilio")).toMatchObject({ checked: 1, moved: 1 });
    const late = await WEBHOOK_ROUTES.twilio(
      await signedWebhookRequest("twilio", { form: twilioCallback("SM-dedupe", "delivered") }, { secrets }),
    );
    expect(await late.json()).toMatchObject({ received: 1, duplicate: 1 });
    expect(await storedEventKeys(database.db, "SM-dedupe")).toEqual(["SM-dedupe:delivered applied", "SM-dedupe:sent applied"]);
    expect((await readAttempt(database.db, sms.attemptId)).status).toBe("delivered");
  });
});
