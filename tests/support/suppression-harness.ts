import { randomUUID } from "node:crypto";
import { insertCommunication } from "@/db/queries/communication-intake";
import type { Provider } from "@/lib/status";
import { createPingenAdapter } from "@/lib/providers/pingen";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { createResendAdapter } from "@/lib/providers/resend";
import { createSendgridAdapter } from "@/lib/providers/sendgrid";
import { createTwilioAdapter } from "@/lib/providers/twilio";
import type { AnyProviderAdapter } from "@/lib/providers/types";
import type { Db } from "@/db/client";
import { FAKE_PINGEN, type FakePingen, startFakePingen } from "./fakes/fake-pingen";
import { FAKE_RESEND_KEY, startFakeResend } from "./fakes/fake-resend";
import { FAKE_SENDGRID_KEY, startFakeSendgrid } from "./fakes/fake-sendgrid";
import { FAKE_TWILIO, startFakeTwilio } from "./fakes/fake-twilio";
import type { FakeHttpServer } from "./fakes/http-fake";
import { createTestCustomer, INVOICE_DATA, type TestCustomer } from "./sending-harness";

// The real provider adapters against the local fakes of every provider that reports
// unsubscribes, complaints and bounces, so a test can count what reached each provider.
// The e-mail provider can be switched between sends: the demo's resend went out through
// another provider than the one that reported the unsubscribe.

export type ProviderFakes = { resend: FakeHttpServer; sendgrid: FakeHttpServer; twilio: FakeHttpServer; pingen: FakePingen };

export async function startProviderFakes(): Promise<ProviderFakes> {
  const [resend, sendgrid, twilio, pingen] = await Promise.all([
    startFakeResend(),
    startFakeSendgrid(),
    startFakeTwilio(),
    startFakePingen(),
  ]);
  return { resend, sendgrid, twilio, pingen };
}

export async function closeProviderFakes(fakes: ProviderFakes) {
  await Promise.all(Object.values(fakes).map((fake) => fake.close()));
}

/** Requests that handed a message over (Pingen: letters created, not tokens or uploads). */
export function handOversAt(fakes: ProviderFakes): Record<keyof ProviderFakes, number> {
  return {
    resend: fakes.resend.requests.length,
    sendgrid: fakes.sendgrid.requests.length,
    twilio: fakes.twilio.requests.length,
    pingen: fakes.pingen.requests.filter((request) => request.method === "POST" && request.path.endsWith("/letters")).length,
  };
}

export function fakeRegistry(fakes: ProviderFakes, email: { provider: "resend" | "sendgrid" }): ProviderRegistry {
  const from = "Helios Énergie <factures@billing.helios-energie.example>";
  const adapters: Partial<Record<Provider, AnyProviderAdapter>> = {
    resend: createResendAdapter({ apiKey: FAKE_RESEND_KEY, from, baseUrl: fakes.resend.url }),
    sendgrid: createSendgridAdapter({ apiKey: FAKE_SENDGRID_KEY, from, baseUrl: fakes.sendgrid.url }),
    twilio: createTwilioAdapter({ ...FAKE_TWILIO, baseUrl: fakes.twilio.url }),
    pingen: createPingenAdapter({ ...FAKE_PINGEN, apiUrl: fakes.pingen.url, identityUrl: fakes.pingen.url }),
  };
  return {
    providerFor: (channel) => (({ email: email.provider, sms: "twilio", post: "pingen", einvoice: "peppol" }) as const)[channel],
    adapterFor: (provider) => {
      const adapter = adapters[provider];
      if (!adapter) throw new Error(`no fake for ${provider}`);
      return adapter;
    },
    isSandbox: () => false,
  };
}

/** The next hand-over to this fake gets this message id (each fake answers a fixed one otherwise). */
export function nextMessageId(fakes: ProviderFakes, provider: "resend" | "sendgrid" | "twilio", id: string) {
  if (provider === "resend") fakes.resend.respondNext({ status: 200, json: { id } });
  if (provider === "sendgrid") fakes.sendgrid.respondNext({ status: 202, headers: { "x-message-id": id }, text: "" });
  if (provider === "twilio") {
    fakes.twilio.respondNext({
      status: 201,
      json: {
        sid: id,
        account_sid: FAKE_TWILIO.accountSid,
        status: "queued",
        to: "",
        from: FAKE_TWILIO.from,
        body: "",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
      },
    });
  }
}

/** A customer with these contacts and one invoice communication for them, not sent yet. */
export async function invoiceFor(db: Db, customer: TestCustomer) {
  const customerId = await createTestCustomer(db, customer);
  const communication = await insertCommunication(db, {
    customerId,
    subjectType: "invoice",
    subjectRef: `INV-${randomUUID().slice(0, 8)}`,
    category: "invoice",
    templateData: INVOICE_DATA,
  });
  return { customerId, communicationId: communication.id, subjectRef: communication.subjectRef };
}
