import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { POST as postCommunication } from "@/app/api/v1/communications/route";
import { provideDatabase } from "@/db/client";
import { liftSuppression, recordSuppressions } from "@/db/queries/suppressions";
import { auditEvents, contactPoints, customerOptOuts, suppressions } from "@/db/schema";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { createApiKey } from "@/lib/auth/api-keys";
import type { SendingDeps } from "@/lib/sending/deps";
import { fallBack } from "@/lib/sending/fall-back";
import { handOverAttempt } from "@/lib/sending/hand-over";
import { resendAttempt } from "@/lib/sending/resend-attempt";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { startCommunication } from "@/lib/sending/start-communication";
import { testSecrets } from "../support/provider-requests";
import { attemptsOf, INVOICE_DATA, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
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

// Every other way out — a staff resend, an attempt queued before the suppression arrived,
// the fallback, the platform API's create — is refused for a suppressed contact point, with
// the reason staff need; only an admin's lift lets a message through again. The provider
// fakes count what reached them.

let database: TestDatabase;
let fakes: ProviderFakes;
let deps: SendingDeps;

beforeAll(async () => {
  stubEmbeddedEnv();
  let secrets;
  [database, secrets, fakes] = await Promise.all([openTestDatabase(), testSecrets(), startProviderFakes()]);
  provideDatabase(database);
  registerEmbeddedFunctions();
  deps = { ...testSendingDeps(database.db, secrets), providers: fakeRegistry(fakes, { provider: "resend" }) };
});
beforeEach(async () => {
  stubEmbeddedEnv();
  provideSendingDeps(deps);
  await markJobsRunByHand(database.db);
});
afterAll(() => Promise.all([database.close(), closeProviderFakes(fakes)]));

const NOV_12 = new Date("2026-11-12T09:30:00Z");
const uniqueEmail = () => `billing-${randomUUID().slice(0, 8)}@acme.example`;

async function suppress(
  channel: "email" | "sms",
  address: string,
  provider: "sendgrid" | "twilio" = channel === "email" ? "sendgrid" : "twilio",
) {
  const eventType = channel === "email" ? "unsubscribe" : "failed";
  await recordSuppressions(database.db, [
    { channel, address, kind: "unsubscribed", provider, eventType, detail: "test", createdAt: NOV_12 },
  ]);
  const [row] = await database.db
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.address, address.toLowerCase()), eq(suppressions.channel, channel)));
  return row!;
}

describe("suppressed contact points", () => {
  it("a resend is refused naming who unsubscribed, when and where; after an admin lifts it, the resend goes out", async () => {
    const email = uniqueEmail();
    const { communicationId } = await invoiceFor(database.db, { email });
    const started = await startCommunication(deps, communicationId);
    if (started.kind !== "queued") throw new Error("expected a queued e-mail");
    nextMessageId(fakes, "resend", randomUUID());
    await handOverAttempt(deps, started.attemptId);
    const suppression = await suppress("email", email);
    const before = handOversAt(fakes);

    await expect(resendAttempt(deps, { attemptId: started.attemptId, createdBy: "Operator" })).rejects.toMatchObject({
      status: 409,
      message: `Cannot resend by E-mail: E-mail ${email}: the recipient unsubscribed on 12 Nov 2026 via SendGrid — lift the suppression to send again`,
    });
    expect(await attemptsOf(database.db, communicationId)).toHaveLength(1);
    expect(handOversAt(fakes)).toEqual(before);

    expect(
      await liftSuppression(database.db, {
        id: suppression.id,
        actor: "Admin <admin@herald.test>",
        reason: "Customer asked to receive invoices again",
        at: new Date(),
      }),
    ).toMatchObject({ liftedBy: "Admin <admin@herald.test>" });
    const [audit] = await database.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "suppression.lifted"), eq(auditEvents.targetId, suppression.id)));
    expect(audit).toMatchObject({ actorType: "staff", data: { address: email, reason: "Customer asked to receive invoices again" } });
    expect(await liftSuppression(database.db, { id: suppression.id, actor: "Admin", reason: "twice", at: new Date() })).toBeNull();

    const resent = await resendAttempt(deps, { attemptId: started.attemptId, createdBy: "Operator" });
    nextMessageId(fakes, "resend", randomUUID());
    expect(await handOverAttempt(deps, resent.id)).toMatchObject({ kind: "accepted" });
    expect(handOversAt(fakes)).toEqual({ ...before, resend: before.resend + 1 });
  });

  it("an attempt queued before the suppression arrived is refused at hand-over, and the fallback skips suppressed channels", async () => {
    const email = uniqueEmail();
    const mobile = "+33 6 98 76 54 32";
    const { communicationId, customerId } = await invoiceFor(database.db, { email, mobile, postal: PARIS_ADDRESS });
    const started = await startCommunication(deps, communicationId);
    if (started.kind !== "queued") throw new Error("expected a queued e-mail");
    // Reported about another customer's message to the same mailbox, and a STOP to the number.
    await suppress("email", email);
    await suppress("sms", "+33698765432");
    const before = handOversAt(fakes);

    const refused = await handOverAttempt(deps, started.attemptId);
    expect(refused).toMatchObject({ kind: "failed", failureClass: "permanent_recipient", fallBack: true });
    const [email1] = await attemptsOf(database.db, communicationId);
    expect(email1).toMatchObject({ status: "rejected", errorCode: "suppressed" });
    expect(email1!.errorMessage).toBe(
      `Not sent: E-mail ${email}: the recipient unsubscribed on 12 Nov 2026 via SendGrid — lift the suppression to send again`,
    );
    expect(handOversAt(fakes)).toEqual(before);
    // Suppressed is not invalid: the address is fine, the recipient said no.
    const points = await database.db.select().from(contactPoints).where(eq(contactPoints.customerId, customerId));
    expect(points.every((point) => point.invalidAt === null)).toBe(true);

    const next = await fallBack(deps, started.attemptId);
    expect(next).toMatchObject({ kind: "queued", channel: "post", provider: "pingen" });
  });

  it("the fallback goes manual when every channel left is suppressed; the hand-over refuses an invalid contact point", async () => {
    const email = uniqueEmail();
    const mobile = "+33 6 98 76 54 33";
    const { communicationId, customerId } = await invoiceFor(database.db, { email, mobile });
    const started = await startCommunication(deps, communicationId);
    if (started.kind !== "queued") throw new Error("expected a queued e-mail");
    await database.db
      .update(contactPoints)
      .set({ invalidAt: NOV_12, invalidReason: "Bounced on 2026-11-12" })
      .where(and(eq(contactPoints.customerId, customerId), eq(contactPoints.channel, "email")));
    await suppress("sms", "+33698765433");
    const before = handOversAt(fakes);

    expect(await handOverAttempt(deps, started.attemptId)).toMatchObject({ kind: "failed" });
    expect((await attemptsOf(database.db, communicationId))[0]).toMatchObject({ status: "rejected", errorCode: "invalid_contact" });
    const next = await fallBack(deps, started.attemptId);
    expect(next).toMatchObject({ kind: "manual" });
    expect(next.kind === "manual" && next.reason).toMatch(/SMS \+33698765433: the recipient unsubscribed on 12 Nov 2026 via Twilio/);
    expect(handOversAt(fakes)).toEqual(before);
  });

  it("the hand-over refuses a customer who opted out after the attempt was queued", async () => {
    const { communicationId, customerId } = await invoiceFor(database.db, { email: uniqueEmail() });
    const started = await startCommunication(deps, communicationId);
    if (started.kind !== "queued") throw new Error("expected a queued e-mail");
    await database.db.insert(customerOptOuts).values({ customerId, channel: "email", category: "invoice" });
    const before = handOversAt(fakes);
    expect(await handOverAttempt(deps, started.attemptId)).toMatchObject({ kind: "failed", fallBack: true });
    const [attempt] = await attemptsOf(database.db, communicationId);
    expect(attempt).toMatchObject({ status: "rejected", errorCode: "opted_out" });
    expect(attempt!.errorMessage).toBe(
      "Not sent: the customer opted out of E-mail (invoice messages) — ask the customer to opt back in, or use another channel",
    );
    expect(handOversAt(fakes)).toEqual(before);
  });

  it("the platform API creates the communication but sends nothing to suppressed contacts: manual_required with the reason", async () => {
    const { secret } = await createApiKey(database.db, { name: "Billing", scopes: ["send", "read"], createdBy: "test" });
    const email = uniqueEmail();
    await suppress("email", email);
    await suppress("sms", "+33698765434");
    const before = handOversAt(fakes);
    const reference = `INV-${randomUUID().slice(0, 8)}`;
    const body = {
      subject: { type: "invoice", reference },
      customer: { reference: `CUST-${reference}`, name: "Acme SARL", locale: "fr", email, mobile: "+33 6 98 76 54 34" },
      category: "invoice",
      templateData: INVOICE_DATA,
    };
    const response = await postCommunication(
      new Request("http://herald.test/api/v1/communications", {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
    );
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    await drainLocalRunner();
    const [attempt, ...more] = await attemptsOf(database.db, id);
    expect(more).toEqual([]);
    expect(attempt).toMatchObject({ channel: "manual", status: "manual_required" });
    expect(attempt!.errorMessage).toMatch(
      /^No usable contact details: no postal address; E-mail .+: the recipient unsubscribed on 12 Nov 2026 via SendGrid .+; SMS \+33698765434: .+ via Twilio/,
    );
    expect(handOversAt(fakes)).toEqual(before);
  });
});
