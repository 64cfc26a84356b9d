import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { Db } from "@/db/client";
import { attempts, communications, contactPoints, customerOptOuts, customerPreferences, customers } from "@/db/schema";
import type { PostalAddress } from "@/db/schema/customers";
import { readEnv } from "@/lib/env";
import { createProviderRegistry } from "@/lib/providers/registry";
import type { RetryPolicy, SendingDeps } from "@/lib/sending/deps";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import type { Category, Channel } from "@/lib/status";
import { signedWebhookRequest } from "./provider-requests";
import { WEBHOOK_ROUTES } from "./webhook-routes";

// The sending engine wired for a test: the test's database, sandbox providers whose
// webhooks go — signed, in each provider's format — straight into Herald's route handlers,
// and a retry policy measured in milliseconds.

export const FAST_RETRY: RetryPolicy = { maxTries: 3, delayMs: () => 20 };

export function testSendingDeps(db: Db, secrets: SandboxSecrets, overrides: Partial<SendingDeps> = {}): SendingDeps {
  const providers = createProviderRegistry(readEnv(), {
    // A real provider's first report comes well after its API answered (one that comes
    // before the hand-over is recorded is applied then: tests/integration/early-reports.test.ts).
    delayMs: 50,
    deliver: async (provider, body) => {
      const response = await WEBHOOK_ROUTES[provider](await signedWebhookRequest(provider, body, { secrets }));
      if (!response.ok) throw new Error(`${provider} webhook answered ${response.status}: ${await response.text()}`);
    },
  });
  return { db, providers, retry: FAST_RETRY, ...overrides };
}

export type TestCustomer = {
  email?: string;
  mobile?: string;
  postal?: PostalAddress;
  einvoice?: string;
  preferences?: { category: Category | null; channels: Channel[] }[];
  optOuts?: { channel: Channel; category: Category | null }[];
  isPublicSector?: boolean;
};

export const PARIS_ADDRESS: PostalAddress = {
  name: "Acme SARL",
  line1: "12 rue de la Paix",
  postalCode: "75002",
  city: "Paris",
  country: "FR",
};

export async function createTestCustomer(db: Db, spec: TestCustomer): Promise<string> {
  const [customer] = await db
    .insert(customers)
    .values({ externalRef: `C-${randomUUID()}`, name: "Acme SARL", locale: "fr", isPublicSector: spec.isPublicSector ?? false })
    .returning();
  const id = customer!.id;
  const points = [
    spec.email ? { customerId: id, channel: "email" as const, address: spec.email } : null,
    spec.mobile ? { customerId: id, channel: "sms" as const, address: spec.mobile } : null,
    spec.postal ? { customerId: id, channel: "post" as const, address: spec.postal.line1, postal: spec.postal } : null,
    spec.einvoice ? { customerId: id, channel: "einvoice" as const, address: spec.einvoice } : null,
  ].filter((point) => point !== null);
  if (points.length) await db.insert(contactPoints).values(points);
  if (spec.preferences?.length) await db.insert(customerPreferences).values(spec.preferences.map((p) => ({ customerId: id, ...p })));
  if (spec.optOuts?.length) await db.insert(customerOptOuts).values(spec.optOuts.map((o) => ({ customerId: id, ...o })));
  return id;
}

export const INVOICE_DATA = {
  invoiceNumber: "INV-2026-0042",
  amountCents: 123456,
  currency: "EUR",
  issueDate: "2026-11-01",
  dueDate: "2026-11-30",
  // 1,028.80 + 20 % VAT = 1,234.56: the e-invoice's lines must add up to the amount.
  lines: [{ description: "Électricité", quantity: 1, unitPriceCents: 102880, vatRate: 20 }],
};

export async function attemptsOf(db: Db, communicationId: string) {
  return db.select().from(attempts).where(eq(attempts.communicationId, communicationId)).orderBy(attempts.seq);
}

export async function communicationRow(db: Db, communicationId: string) {
  const [row] = await db.select().from(communications).where(eq(communications.id, communicationId));
  return row!;
}
