// Webhook ingestion benchmark: signed SendGrid batches and Twilio status callbacks posted
// over loopback HTTP to the real route handlers, served by a bare node:http server in this
// process (no `next build` needed), against a fresh database. Prints events/s and request
// latency (p50/p95/p99), then checks that no event was lost: every event stored exactly
// once and every attempt in its expected final status.
// The load: bench/support/loopback.ts postAll (every prepared request sent exactly once).
//
//   npx tsx bench/webhooks.ts                                   # in-memory PGlite
//   npx tsx bench/webhooks.ts --postgres postgres://postgres@127.0.0.1:5432/postgres
//   options: --messages 2000 --batch 300 --connections 8
import { parseArgs } from "node:util";
import { count, eq, sql } from "drizzle-orm";
import { provideDatabase } from "@/db/client";
import { openBenchDatabase } from "./support/bench-database";
import { type Prepared, postAll, serveRoutes } from "./support/loopback";
import { attempts, communications, customers, providerEvents } from "@/db/schema";
import { WEBHOOK_ROUTES } from "@/tests/support/webhook-routes";
import { sendgridEvent, twilioCallback, twilioSid } from "@/lib/providers/sandbox/webhook-payloads";
import { encodeBody, signatureHeaders, type WebhookBody } from "@/lib/providers/sandbox/signed-request";
import { TEST_SANDBOX_SEED, testSecrets } from "@/tests/support/provider-requests";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { STATUS } from "@/lib/status";

const { values: args } = parseArgs({
  options: {
    messages: { type: "string", default: "2000" },
    batch: { type: "string", default: "300" },
    connections: { type: "string", default: "8" },
    postgres: { type: "string" },
  },
});
const MESSAGES = Number(args.messages);
const BATCH = Number(args.batch);
const CONNECTIONS = Number(args.connections);

// The routes verify against the sandbox secrets of this seed; jobs run in-process.
Object.assign(process.env, {
  HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED,
  INNGEST_EVENT_KEY: "",
  INNGEST_DEV: "",
  NEXT_TELEMETRY_DISABLED: "1",
});

const { database, dispose, label } = await openBenchDatabase(args.postgres);
provideDatabase(database);
const server = await serveRoutes(
  new Map(Object.entries(WEBHOOK_ROUTES).map(([provider, handler]) => [`/api/webhooks/${provider}`, handler])),
);
const { base } = server;
const secrets = await testSecrets();

console.log(`Herald webhook benchmark — ${label}, ${MESSAGES} e-mails + ${MESSAGES} SMS, ${CONNECTIONS} connections`);
const emailIds = Array.from({ length: MESSAGES }, (_, i) => `bench${i.toString(36).padStart(6, "0")}${Date.now().toString(36)}`);
const smsIds = Array.from({ length: MESSAGES }, () => twilioSid());
await createAttempts("sendgrid", emailIds);
await createAttempts("twilio", smsIds);

// SendGrid: processed, delivered and open per e-mail, shuffled across batches as SendGrid
// batches per server, not per message. Twilio: sent then delivered per SMS, one per POST.
const sendgridEvents = shuffle(emailIds.flatMap((id) => ["processed", "delivered", "open"].map((kind) => sendgridEvent(kind, id))));
const sendgridRequests = await Promise.all(chunk(sendgridEvents, BATCH).map((events) => signed("sendgrid", { json: events })));
// Twilio's own MessageStatus words, not Herald statuses.
const twilioStatuses: readonly string[] = ["sent", "delivered"];
const twilioRequests = await Promise.all(
  smsIds.flatMap((sid) => twilioStatuses.map((status) => signed("twilio", { form: twilioCallback(sid, status) }))),
);

const results = [
  await load("SendGrid batches", sendgridRequests, sendgridEvents.length),
  await load("Twilio callbacks", twilioRequests, twilioRequests.length),
];

const lost = await checkNothingLost(sendgridEvents.length + twilioRequests.length);
console.table(results);
console.log(lost.ok ? "✔ zero lost events: every event stored once, every attempt delivered" : `✖ LOST EVENTS: ${lost.detail}`);
await server.close();
await dispose();
process.exit(lost.ok && results.every((r) => r.failed === 0) ? 0 : 1);

async function load(workload: string, requests: Prepared[], events: number) {
  const { seconds, ...result } = await postAll(base, requests, CONNECTIONS);
  return { workload, ...result, events, "events/s": Math.round(events / seconds) };
}

async function signed(provider: WebhookProvider, body: WebhookBody): Promise<Prepared> {
  const path = `/api/webhooks/${provider}`;
  const { text, contentType } = encodeBody(provider, body);
  const headers = await signatureHeaders(provider, text, body, `${base}${path}`, { secrets });
  return { path, body: text, headers: { "content-type": contentType, ...headers } };
}

async function checkNothingLost(expected: number): Promise<{ ok: boolean; detail: string }> {
  const { db } = database;
  const [stored] = await db.select({ n: count() }).from(providerEvents);
  const [distinct] = await db.select({ n: sql<number>`count(DISTINCT (provider, event_key))::int` }).from(providerEvents);
  const notDelivered = await db
    .select({ provider: attempts.provider, n: count() })
    .from(attempts)
    .where(sql`${attempts.status} <> 'delivered' OR (${attempts.provider} = 'sendgrid' AND ${attempts.openedAt} IS NULL)`)
    .groupBy(attempts.provider);
  const problems = [
    stored!.n !== expected && `${stored!.n} events stored, ${expected} sent`,
    distinct!.n !== stored!.n && `${stored!.n - distinct!.n} stored twice`,
    ...notDelivered.map((row) => `${row.n} ${row.provider} attempts not delivered/opened`),
  ].filter(Boolean);
  return { ok: problems.length === 0, detail: problems.join("; ") };
}

async function createAttempts(provider: "sendgrid" | "twilio", messageIds: string[]) {
  const { db } = database;
  const [customer] = await db
    .insert(customers)
    .values({ externalRef: `bench-${provider}-${Date.now()}`, name: "Bench SAS" })
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
        })),
      )
      .returning({ id: communications.id });
    await db.insert(attempts).values(
      ids.map((id, i) => ({
        communicationId: comms[i]!.id,
        customerId: customer!.id,
        seq: 1,
        kind: "first" as const,
        channel: provider === "sendgrid" ? ("email" as const) : ("sms" as const),
        provider,
        category: "invoice" as const,
        subjectRef: id,
        recipient: provider === "sendgrid" ? "bench@example.com" : "+33612345678",
        bodyText: "Benchmark",
        contentSha256: "b".repeat(64),
        customerName: "Bench SAS",
        status: STATUS.queued,
        providerMessageId: id,
      })),
    );
  }
  const [made] = await db.select({ n: count() }).from(attempts).where(eq(attempts.provider, provider));
  if (made!.n !== messageIds.length) throw new Error(`expected ${messageIds.length} ${provider} attempts, made ${made!.n}`);
}

function chunk<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
