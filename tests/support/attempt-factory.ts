import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attempts, communications, customers, providerEvents } from "@/db/schema";
import type { AttemptStatus, Channel, Provider } from "@/lib/status";

// Minimal rows for feedback tests: a customer, a communication and its attempts.

export const CHANNEL_OF: Record<Provider, Channel> = {
  resend: "email",
  sendgrid: "email",
  twilio: "sms",
  pingen: "post",
  peppol: "einvoice",
  chorus_pro: "einvoice",
  manual: "manual",
};

export async function createCommunication(db: Db) {
  const [customer] = await db
    .insert(customers)
    .values({ externalRef: `C-${randomUUID()}`, name: "Acme SARL" })
    .returning();
  const [communication] = await db
    .insert(communications)
    .values({
      customerId: customer!.id,
      subjectType: "invoice",
      subjectRef: `INV-${randomUUID().slice(0, 8)}`,
      category: "invoice",
      templateKey: "invoice",
      customerName: customer!.name,
    })
    .returning();
  return { customerId: customer!.id, communicationId: communication!.id };
}

export async function createAttempt(
  db: Db,
  params: {
    provider: Provider;
    providerMessageId: string | null;
    status?: AttemptStatus;
    communication?: { customerId: string; communicationId: string };
    seq?: number;
  },
) {
  const communication = params.communication ?? (await createCommunication(db));
  const seq = params.seq ?? 1;
  const [attempt] = await db
    .insert(attempts)
    .values({
      communicationId: communication.communicationId,
      customerId: communication.customerId,
      seq,
      kind: seq === 1 ? "first" : "resend",
      channel: CHANNEL_OF[params.provider],
      provider: params.provider,
      category: "invoice",
      subjectRef: "INV-1",
      recipient: "customer@example.com",
      bodyText: "Please find your invoice attached.",
      contentSha256: "a".repeat(64),
      customerName: "Acme SARL",
      status: params.status ?? "accepted",
      providerMessageId: params.providerMessageId,
    })
    .returning();
  await db
    .update(communications)
    .set({ attemptCount: seq, status: attempt!.status, channel: attempt!.channel })
    .where(eq(communications.id, communication.communicationId));
  return { ...communication, attemptId: attempt!.id };
}

export async function readAttempt(db: Db, attemptId: string) {
  const [row] = await db.select().from(attempts).where(eq(attempts.id, attemptId));
  return row!;
}

export async function readCommunication(db: Db, communicationId: string) {
  const [row] = await db.select().from(communications).where(eq(communications.id, communicationId));
  return row!;
}

export async function eventsOfMessage(db: Db, providerMessageId: string) {
  return db.select().from(providerEvents).where(eq(providerEvents.providerMessageId, providerMessageId));
}
