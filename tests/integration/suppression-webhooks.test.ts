import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { insertBulkJob } from "@/db/queries/bulk-jobs";
import { contactPoints, suppressions } from "@/db/schema";
import { publishOutbox } from "@/inngest/outbox";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { twilioCallback } from "@/lib/providers/sandbox/webhook-payloads";
import type { WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { dryRunBulkSend, type DryRunProblem } from "@/lib/sending/dry-run";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { startCommunication } from "@/lib/sending/start-communication";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { pingenLetterResponse } from "../support/fakes/fake-pingen";
import { readFixture } from "../support/fakes/http-fake";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { PARIS_ADDRESS, type TestCustomer, testSendingDeps } from "../support/sending-harness";
import {
  closeProviderFakes,
  fakeRegistry,
  handOversAt,
  invoiceFor,
  nextMessageId,
  type ProviderFakes,
  startProviderFakes,
} from "../support/suppression-harness";
import { markJobsRunByHand } from "../support/jobs-by-hand";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";

// Every unsubscribe, complaint and bounce the providers publish (tests/fixtures/providers;
// Twilio's status callbacks built from its documented parameters), posted signed through
// Herald's real webhook routes about a message Herald really handed over to a provider
// fake — then a bulk send of that communication, with the e-mail provider switched as on
// the demo: not one request reaches any provider for that contact point. A clean
// communication in the same bulk send is handed over, so the count can fail.

let database: TestDatabase;
let secrets: SandboxSecrets;
let fakes: ProviderFakes;

beforeAll(async () => {
  stubEmbeddedEnv();
  [database, secrets, fakes] = await Promise.all([openTestDatabase(), testSecrets(), startProviderFakes()]);
  provideDatabase(database);
  registerEmbeddedFunctions();
});
afterAll(() => Promise.all([database.close(), closeProviderFakes(fakes)]));

type Verdict = "unsubscribed" | "complained" | "bounced" | "invalid";
type Case = {
  provider: "sendgrid" | "resend" | "twilio" | "pingen";
  fixture: string;
  body: (messageId: string) => WebhookBody;
  verdict: Verdict;
  problem: DryRunProblem;
};

const sendgrid =
  (file: string, patch: Record<string, unknown> = {}) =>
  (messageId: string): WebhookBody => {
    const events = readFixture<Record<string, unknown>[]>(`sendgrid/event-webhook-docs/${file}`);
    return {
      json: events.map((event) => ({
        ...event,
        ...patch,
        sg_message_id: `${messageId}.filter0001.16648.5515E0B88.0`,
        sg_event_id: randomUUID(),
      })),
    };
  };
const resend =
  (file: string) =>
  (messageId: string): WebhookBody => {
    const event = readFixture<{ data: Record<string, unknown> }>(`resend/webhooks-sdk-resend-rust/${file}`);
    return { json: { ...event, data: { ...event.data, email_id: messageId } } };
  };
const twilio =
  (status: string, code: string) =>
  (sid: string): WebhookBody => ({ form: twilioCallback(sid, status, code) });
const pingenUndeliverable = (letterId: string): WebhookBody => {
  const webhook = readFixture<{ data: { relationships: Record<string, { data: { id: string } }> } }>(
    "pingen/webhooks/shapes/webhook_undeliverable.json",
  );
  const { letter, event } = webhook.data.relationships;
  letter!.data.id = letterId;
  event!.data.id = randomUUID();
  return { json: webhook };
};

const CASES: Record<string, Case> = {
  "SendGrid unsubscribe": {
    provider: "sendgrid",
    fixture: "unsubscribe.json",
    body: sendgrid("unsubscribe.json"),
    verdict: "unsubscribed",
    problem: "unsubscribed",
  },
  "SendGrid group_unsubscribe": {
    provider: "sendgrid",
    fixture: "group_unsubscribe.json",
    body: sendgrid("group_unsubscribe.json"),
    verdict: "unsubscribed",
    problem: "unsubscribed",
  },
  "SendGrid spamreport": {
    provider: "sendgrid",
    fixture: "spamreport.json",
    body: sendgrid("spamreport.json"),
    verdict: "complained",
    problem: "unsubscribed",
  },
  "SendGrid dropped: Bounced Address": {
    provider: "sendgrid",
    fixture: "dropped.json",
    body: sendgrid("dropped.json"),
    verdict: "bounced",
    problem: "suppressed",
  },
  "SendGrid dropped: Unsubscribed Address": {
    provider: "sendgrid",
    fixture: "dropped.json",
    body: sendgrid("dropped.json", { reason: "Unsubscribed Address" }),
    verdict: "unsubscribed",
    problem: "unsubscribed",
  },
  "SendGrid dropped: Spam Reporting Address": {
    provider: "sendgrid",
    fixture: "dropped.json",
    body: sendgrid("dropped.json", { reason: "Spam Reporting Address" }),
    verdict: "complained",
    problem: "unsubscribed",
  },
  "SendGrid hard bounce": {
    provider: "sendgrid",
    fixture: "bounce-type-bounce.json",
    body: sendgrid("bounce-type-bounce.json"),
    verdict: "invalid",
    problem: "invalid_contact",
  },
  "Resend email.complained": {
    provider: "resend",
    fixture: "email.complained.json",
    body: resend("email.complained.json"),
    verdict: "complained",
    problem: "unsubscribed",
  },
  "Resend email.suppressed": {
    provider: "resend",
    fixture: "email.suppressed.json",
    body: resend("email.suppressed.json"),
    verdict: "bounced",
    problem: "suppressed",
  },
  "Resend email.bounced (Permanent/Suppressed)": {
    provider: "resend",
    fixture: "email.bounced.json",
    body: resend("email.bounced.json"),
    verdict: "bounced",
    problem: "suppressed",
  },
  "Twilio 21610 (STOP)": {
    provider: "twilio",
    fixture: "failed 21610",
    body: twilio("failed", "21610"),
    verdict: "unsubscribed",
    problem: "unsubscribed",
  },
  "Twilio 21211 (invalid number)": {
    provider: "twilio",
    fixture: "failed 21211",
    body: twilio("failed", "21211"),
    verdict: "invalid",
    problem: "invalid_contact",
  },
  "Twilio 21614 (not a mobile)": {
    provider: "twilio",
    fixture: "failed 21614",
    body: twilio("failed", "21614"),
    verdict: "invalid",
    problem: "invalid_contact",
  },
  "Twilio 30005 (unknown handset)": {
    provider: "twilio",
    fixture: "undelivered 30005",
    body: twilio("undelivered", "30005"),
    verdict: "invalid",
    problem: "invalid_contact",
  },
  "Twilio 30006 (landline)": {
    provider: "twilio",
    fixture: "undelivered 30006",
    body: twilio("undelivered", "30006"),
    verdict: "invalid",
    problem: "invalid_contact",
  },
  "Pingen webhook_undeliverable": {
    provider: "pingen",
    fixture: "webhook_undeliverable.json",
    body: pingenUndeliverable,
    verdict: "invalid",
    problem: "invalid_contact",
  },
};

let mobile = 0;
function contactFor(provider: Case["provider"]): TestCustomer {
  if (provider === "twilio") return { mobile: `+33 6 12 34 ${String(10 + mobile++).padStart(2, "0")} 01` };
  if (provider === "pingen") return { postal: PARIS_ADDRESS };
  return { email: `${provider}-${randomUUID().slice(0, 8)}@acme.example` };
}

const COUNTER = { unsubscribed: "unsubscribed", suppressed: "suppressed", invalid_contact: "invalidContact" } as Record<
  DryRunProblem,
  string
>;

const otherEmailProvider = (provider: Case["provider"]) => (provider === "sendgrid" ? "resend" : "sendgrid");

describe.each(Object.entries(CASES))("%s", (_name, c) => {
  it("records the verdict on the contact point; the dry run names it; a bulk send hands nothing over to it", async () => {
    const firstEmail = c.provider === "resend" ? "resend" : "sendgrid";
    const deps = { ...testSendingDeps(database.db, secrets), providers: fakeRegistry(fakes, { provider: firstEmail }) };
    provideSendingDeps(deps);
    const target = await invoiceFor(database.db, contactFor(c.provider));
    const started = await startCommunication(deps, target.communicationId);
    if (started.kind !== "queued") throw new Error(`expected a queued first attempt, got ${JSON.stringify(started)}`);
    const messageId =
      c.provider === "pingen"
        ? pingenLetterResponse.data.id
        : c.provider === "twilio"
          ? `SM${randomUUID().replaceAll("-", "")}`
          : randomUUID();
    if (c.provider !== "pingen") nextMessageId(fakes, c.provider, messageId);
    expect(await handOverAttempt(deps, started.attemptId)).toMatchObject({ kind: "accepted", providerMessageId: messageId });
    await markJobsRunByHand(database.db);

    const request = await signedWebhookRequest(c.provider, c.body(messageId), { secrets, svixId: `msg_${randomUUID()}` });
    const response = await WEBHOOK_ROUTES[c.provider](request);
    expect(response.status).toBe(200);
    await drainLocalRunner();

    const points = await database.db.select().from(contactPoints).where(eq(contactPoints.customerId, target.customerId));
    const recorded = await database.db.select().from(suppressions).where(eq(suppressions.attemptId, started.attemptId));
    if (c.verdict === "invalid") {
      expect(recorded).toEqual([]);
      expect(points[0]!.invalidAt).toBeInstanceOf(Date);
    } else {
      expect(recorded).toMatchObject([{ kind: c.verdict, provider: c.provider, liftedAt: null }]);
      expect(points[0]!.invalidAt).toBeNull();
    }

    // The demo: the unsubscribe came through one e-mail provider, the bulk send goes through the other.
    const bulkDeps = { ...deps, providers: fakeRegistry(fakes, { provider: otherEmailProvider(c.provider) }) };
    provideSendingDeps(bulkDeps);
    // Never sent: the bulk send starts it. Its message id is scripted, as each fake answers a fixed one.
    const controlAddress = `control-${randomUUID().slice(0, 8)}@acme.example`;
    const control = await invoiceFor(database.db, { email: controlAddress });

    const summary = await dryRunBulkSend(database.db, { communicationIds: [target.communicationId, control.communicationId] });
    expect(summary).toMatchObject({ total: 2, byChannel: { email: 1 }, [COUNTER[c.problem]]: 1 });
    expect(summary.examples).toEqual([
      expect.objectContaining({ communicationId: target.communicationId, subjectRef: target.subjectRef, problem: c.problem }),
    ]);
    expect(summary.examples[0]!.recipient).toBeTruthy();

    const other = otherEmailProvider(c.provider);
    nextMessageId(fakes, other, randomUUID());
    const before = handOversAt(fakes);
    await insertBulkJob(database.db, {
      communicationIds: [target.communicationId, control.communicationId],
      createdBy: "Test operator",
    });
    await publishOutbox(database.db);
    await drainLocalRunner();
    const after = handOversAt(fakes);
    // Exactly one hand-over: the control's first send, to the control's address.
    expect({ ...after, [other]: after[other] - 1 }).toEqual(before);
    expect(fakes[other].requests.at(-1)!.text).toContain(controlAddress);
  });
});
