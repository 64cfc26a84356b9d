import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attempts, providerEvents } from "@/db/schema";
import { createPeppolAdapter } from "@/lib/providers/peppol";
import { createPingenAdapter } from "@/lib/providers/pingen";
import type { ProviderRegistry } from "@/lib/providers/registry";
import { createResendAdapter } from "@/lib/providers/resend";
import { createSendgridAdapter } from "@/lib/providers/sendgrid";
import { createTwilioAdapter } from "@/lib/providers/twilio";
import type { AnyProviderAdapter } from "@/lib/providers/types";
import type { Provider } from "@/lib/status";
import { FAKE_PEPPOL_KEY, type FakePeppol, startFakePeppol } from "./fakes/fake-peppol";
import { FAKE_PINGEN, type FakePingen, startFakePingen } from "./fakes/fake-pingen";
import { FAKE_RESEND_KEY, type FakeResend, startFakeResend } from "./fakes/fake-resend";
import { FAKE_SENDGRID_KEY } from "./fakes/fake-sendgrid";
import { FAKE_TWILIO, type FakeTwilio, startFakeTwilio } from "./fakes/fake-twilio";
import { closedPortUrl } from "./fakes/http-fake";

// The real provider adapters against the local fakes of each status API, for reconciliation
// tests: the fakes never call back, and answer status queries with what a test set.

export type StatusFakes = { resend: FakeResend; twilio: FakeTwilio; pingen: FakePingen; peppol: FakePeppol };

export async function startStatusFakes(): Promise<StatusFakes> {
  let sent = 0;
  const [resend, twilio, pingen, peppol] = await Promise.all([
    // Each send its own id, as Resend gives.
    startFakeResend({ ids: () => `4ef9a417-02e9-4d39-ad75-${String(++sent).padStart(12, "0")}` }),
    startFakeTwilio(),
    startFakePingen(),
    startFakePeppol(),
  ]);
  return { resend, twilio, pingen, peppol };
}

export async function closeStatusFakes(fakes: StatusFakes) {
  await Promise.all(Object.values(fakes).map((fake) => fake.close()));
}

export async function fakeStatusRegistry(fakes: StatusFakes): Promise<ProviderRegistry> {
  const from = "Helios Énergie <factures@billing.helios-energie.example>";
  const adapters: Partial<Record<Provider, AnyProviderAdapter>> = {
    resend: createResendAdapter({ apiKey: FAKE_RESEND_KEY, from, baseUrl: fakes.resend.url }),
    sendgrid: createSendgridAdapter({ apiKey: FAKE_SENDGRID_KEY, from, baseUrl: await closedPortUrl() }),
    twilio: createTwilioAdapter({ ...FAKE_TWILIO, baseUrl: fakes.twilio.url }),
    pingen: createPingenAdapter({ ...FAKE_PINGEN, apiUrl: fakes.pingen.url, identityUrl: fakes.pingen.url }),
    peppol: createPeppolAdapter({ apiUrl: fakes.peppol.url, apiKey: FAKE_PEPPOL_KEY }),
  };
  return {
    providerFor: (channel) => (({ email: "resend", sms: "twilio", post: "pingen", einvoice: "peppol" }) as const)[channel],
    adapterFor: (provider) => {
      const adapter = adapters[provider];
      if (!adapter) throw new Error(`no fake for ${provider}`);
      return adapter;
    },
    isSandbox: () => false,
  };
}

/** Moves an attempt's status time back, as if it had been waiting that long. */
export async function waitedSince(db: Db, attemptId: string, statusAt: Date) {
  await db.update(attempts).set({ statusAt }).where(eq(attempts.id, attemptId));
}

export async function storedEventKeys(db: Db, providerMessageId: string) {
  const rows = await db.select().from(providerEvents).where(eq(providerEvents.providerMessageId, providerMessageId));
  return rows.map((row) => `${row.eventKey} ${row.outcome}`).sort();
}
