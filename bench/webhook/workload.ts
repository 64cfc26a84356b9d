import { randomUUID } from "node:crypto";
import { count, inArray, sql } from "drizzle-orm";
import type { Database } from "@/db/client";
import { attempts, communications, customers, providerEvents } from "@/db/schema";
import { encodeBody, signatureHeaders, type WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { resendEvent, sendgridEvent, twilioCallback, twilioSid } from "@/lib/providers/sandbox/webhook-payloads";
import { STATUS } from "@/lib/status";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { type WebhookIngress, webhookPath } from "@/lib/webhooks/webhook-url";
import { PARSERS, sha256Hex } from "@/lib/webhooks/receive";
import type { Prepared } from "../support/loopback";
import type { FloorEvent } from "./floors";

// What each round posts, on attempts of its own (every round applies fresh events to
// attempts still waiting for them, as production does):
// - Twilio and Resend: one event per request — every message's "sent", then every
//   message's "delivered" (a provider's callbacks for one message come seconds apart);
// - SendGrid: batches of `batch` events — processed, delivered and open of every message,
//   shuffled across the batches as SendGrid batches per server, not per message.

export type BenchProvider = "twilio" | "resend" | "sendgrid";

export type RoundMessages = Record<BenchProvider, string[]>;

export type Workload = { requests: Prepared[]; events: number; payloads: string[] };

export async function createRoundAttempts(database: Database, sizes: Record<BenchProvider, number>): Promise<RoundMessages> {
  const messages: RoundMessages = {
    twilio: Array.from({ length: sizes.twilio }, () => twilioSid()),
    resend: Array.from({ length: sizes.resend }, () => randomUUID()),
    sendgrid: Array.from({ length: sizes.sendgrid }, () => randomUUID().replaceAll("-", "").slice(0, 22)),
  };
  for (const provider of ["twilio", "resend", "sendgrid"] as const) await createAttempts(database, provider, messages[provider]);
  return messages;
}

export async function prepareWorkload(params: {
  provider: BenchProvider;
  /** The route posted to: applied in the request, or stored and applied behind (the inbox). */
  ingress: WebhookIngress;
  messageIds: string[];
  batch: number;
  base: string;
  secrets: SandboxSecrets;
}): Promise<Workload> {
  const { provider, messageIds, base, secrets } = params;
  const sign = async (body: WebhookBody): Promise<Prepared> => {
    const path = webhookPath(provider, params.ingress);
    const { text, contentType } = encodeBody(provider, body);
    const headers = await signatureHeaders(provider, text, body, `${base}${path}`, { secrets });
    return { path, body: text, headers: { "content-type": contentType, ...headers } };
  };
  if (provider === "sendgrid") {
    const events = shuffle(messageIds.flatMap((id) => ["processed", "delivered", "open"].map((kind) => sendgridEvent(kind, id))));
    const batches = chunk(events, params.batch);
    return {
      requests: await Promise.all(batches.map((json) => sign({ json }))),
      events: events.length,
      payloads: events.map((event) => JSON.stringify(event)),
    };
  }
  // Twilio's and Resend's own words for the two callbacks, not Herald statuses.
  const steps: readonly string[] = provider === "twilio" ? ["sent", "delivered"] : ["email.sent", "email.delivered"];
  const bodies = steps.flatMap((step) =>
    messageIds.map((id): WebhookBody => (provider === "twilio" ? { form: twilioCallback(id, step) } : { json: resendEvent(step, id) })),
  );
  return {
    requests: await Promise.all(bodies.map(sign)),
    events: bodies.length,
    payloads: bodies.map((body) => JSON.stringify("form" in body ? body.form : "json" in body ? body.json : null)),
  };
}

/** Keys of the events the floor of Herald's writes stores (bench/webhook/floors.ts), apart from Herald's own. */
const FLOOR_KEY = "floor:";

/**
 * The floor of Herald's writes' batches (bench/webhook/floors.ts): the requests a round posts,
 * for `messageIds`, each read by Herald's own parser (lib/webhooks/receive.ts PARSERS) into one
 * batch of events — 300 for a SendGrid request, one for the others.
 */
export async function floorBatches(params: Omit<Parameters<typeof prepareWorkload>[0], "ingress">): Promise<FloorEvent[][]> {
  const { requests } = await prepareWorkload({ ...params, ingress: "direct" });
  return requests.map(({ body, headers }) =>
    PARSERS[params.provider]({ text: body, headers: new Headers(headers), bodySha256: sha256Hex(new TextEncoder().encode(body)) }).map(
      (event) => ({
        key: `${FLOOR_KEY}${event.eventKey}`,
        type: event.eventType,
        messageId: event.providerMessageId!,
        payload: JSON.stringify(event.payload),
      }),
    ),
  );
}

/** Every event posted stored exactly once, every attempt delivered (and every e-mail opened for SendGrid). */
export async function checkNothingLost(database: Database, expected: { events: number; messages: string[] }) {
  const { db } = database;
  const posted = sql`${providerEvents.eventKey} NOT LIKE ${`${FLOOR_KEY}%`}`;
  const [stored] = await db.select({ n: count() }).from(providerEvents).where(posted);
  const [distinct] = await db
    .select({ n: sql<number>`count(DISTINCT (provider, event_key))::int` })
    .from(providerEvents)
    .where(posted);
  const notDelivered = await db
    .select({ provider: attempts.provider, n: count() })
    .from(attempts)
    .where(
      sql`${inArray(attempts.providerMessageId, expected.messages)} AND (${attempts.status} <> ${STATUS.delivered} OR (${attempts.provider} = 'sendgrid' AND ${attempts.openedAt} IS NULL))`,
    )
    .groupBy(attempts.provider);
  const problems = [
    stored!.n !== expected.events && `${stored!.n} events stored, ${expected.events} sent`,
    distinct!.n !== stored!.n && `${stored!.n - distinct!.n} stored twice`,
    ...notDelivered.map((row) => `${row.n} ${row.provider} attempts not delivered/opened`),
  ].filter(Boolean);
  return { ok: problems.length === 0, detail: problems.join("; ") };
}

async function createAttempts(database: Database, provider: WebhookProvider & BenchProvider, messageIds: string[]) {
  const { db } = database;
  const channel = provider === "twilio" ? ("sms" as const) : ("email" as const);
  const [customer] = await db
    .insert(customers)
    .values({ externalRef: `bench-${provider}-${randomUUID()}`, name: "Bench SAS" })
    .returning();
  for (const ids of chunk(messageIds, 500)) {
    const comms = await db
      .insert(communications)
      .values(
        ids.map((id) => ({
          customerId: customer!.id,
          subjectType: "invoice" as const,
          subjectRef: id,
          category: "invoice" as const,
          templateKey: "invoice",
          customerName: "Bench SAS",
          attemptCount: 1,
          channel,
          status: STATUS.accepted,
        })),
      )
      .returning({ id: communications.id });
    await db.insert(attempts).values(
      ids.map((id, i) => ({
        communicationId: comms[i]!.id,
        customerId: customer!.id,
        seq: 1,
        kind: "first" as const,
        channel,
        provider,
        category: "invoice" as const,
        subjectRef: id,
        recipient: channel === "email" ? "bench@example.com" : "+33612345678",
        bodyText: "Benchmark",
        contentSha256: "b".repeat(64),
        customerName: "Bench SAS",
        status: STATUS.accepted,
        providerMessageId: id,
      })),
    );
  }
}

export function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
