// Webhook ingestion against its floors, through the production build: `next start` in its
// own process (bench/support/production-server.ts), the real routes over HTTP, the load
// posted from a third process (bench/support/load-generator.ts) with `connections`
// keep-alive connections, the server's peak RSS sampled meanwhile. In every round, after a
// warm-up round, each figure's Herald run and its floor (bench/webhook/floors.ts: bare `pg`
// on the same database, as many clients) are measured one after the other:
// - Twilio status callbacks and Resend events, one event per request, vs INSERT+UPDATE
//   transactions (store the event, move one row) and one-row INSERTs;
// - SendGrid batches of 300 events vs multi-row INSERTs of the same 300 payloads;
// - the same through the webhook inbox (/api/webhook-inbox/<provider>): acknowledged vs
//   one-row INSERTs, and applied (first request sent to last event stored, and each event's
//   receipt-to-applied latency, bench/webhook/applied-watch.ts) vs multi-row INSERTs of a
//   drain's batch;
// - Herald's writes as bare SQL (bench/webhook/floors.ts): the same events stored and their
//   attempts moved, on Herald's own tables, by one statement a batch (a request for Twilio
//   and Resend), on attempts of the floor's own — what Postgres alone charges for what
//   Herald writes, so the distance of each route from its SQL, and of its SQL from the
//   INSERT floors, are both in the report;
// - the same number of GET /api/health, which reads nothing: what one request through Next
//   costs this server before any route's work, so the most any route could take.
// Figures are medians over the rounds. At the end every event must be stored exactly once
// and every attempt delivered.
//
//   npx tsx bench/webhooks.ts [--rounds 5] [--messages 200] [--batches 8] [--connections 8] [--postgres URL]
//   (npm run bench runs it with the other suites)
import { pathToFileURL } from "node:url";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { POSTGRES_ADMIN_URL } from "@/tests/support/test-database-context";
import { TEST_SANDBOX_SEED, testSecrets } from "@/tests/support/provider-requests";
import type { Figure } from "./communications-page";
import { openBenchDatabase } from "./support/bench-database";
import { ensureProductionBuild } from "@/scripts/production-build";
import { startLoadGenerator } from "./support/load-generator";
import { startProductionServer } from "./support/production-server";
import { rateFigure } from "./support/rate-figure";
import { printSuite } from "./support/report";
import { percentile } from "./support/stats";
import { openFloors } from "./webhook/floors";
import { INBOX_BATCH_SIZE } from "@/lib/webhooks/inbox";
import { watchApplied } from "./webhook/applied-watch";
import { checkNothingLost, chunk, createRoundAttempts, floorBatches, prepareWorkload } from "./webhook/workload";

const BATCH = 300;
const LABEL = { twilio: "Twilio callback", resend: "Resend event", sendgrid: `SendGrid batch (${BATCH} events/request)` } as const;
/** The ceiling Next's request pipeline sets on this server, whatever a route does. */
const EMPTY_ROUTE = "GET /api/health (reads nothing), same server and connections";

export type WebhookBenchOptions = {
  adminUrl: string;
  root: string;
  rounds: number;
  messages: number;
  batches: number;
  connections: number;
};

export async function benchWebhooks(options: WebhookBenchOptions) {
  const { rounds, messages, batches, connections, root } = options;
  const sizes = { twilio: messages, resend: messages, sendgrid: (batches * BATCH) / 3 };
  const { database, dispose, url } = await openBenchDatabase(options.adminUrl);
  await ensureProductionBuild(root);
  // No job runner: nothing here fails, so no fallback job is queued; INNGEST_DEV points the
  // client at a port nothing listens on.
  const server = await startProductionServer(root, {
    DATABASE_URL: url!,
    DATABASE_DRIVER: "pg",
    BETTER_AUTH_SECRET: "herald-benchmark-session-secret-0123456789",
    HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED,
    INNGEST_DEV: "http://127.0.0.1:9",
  });
  const load = startLoadGenerator(root);
  const floors = await openFloors(url!, connections);
  const applied = await watchApplied(url!);
  try {
    const secrets = await testSecrets();
    console.log(
      `Webhooks: ${rounds} rounds (+1 warm-up) of ${sizes.twilio * 2} Twilio and ${sizes.resend * 2} Resend requests, ` +
        `${batches} SendGrid batches of ${BATCH}, ${connections} connections…`,
    );
    // Each round posts to the direct routes, then to the inbox routes, on attempts of its own.
    const round = await Promise.all(
      Array.from({ length: rounds + 1 }, async () => ({
        direct: await createRoundAttempts(database, sizes),
        inbox: await createRoundAttempts(database, sizes),
        floor: await createRoundAttempts(database, sizes),
      })),
    );
    // The planner's statistics, as autovacuum keeps them on a live table: without them every
    // prepared statement's generic plan takes the freshly filled tables for empty ones. Taken
    // again once the warm-up round has stored events: statistics of an empty provider_events
    // make the event-key lookup scan every event of the provider, which a live table's never do.
    const analyze = () => database.db.execute(sql`ANALYZE`);
    await analyze();
    const rates: Record<string, number[]> = {};
    const latencies: Record<string, { p50: number[]; p95: number[] }> = {};
    const keep = (name: string, value: number, index: number) => index > 0 && (rates[name] ??= []).push(value);
    const keepLatency = (name: string, p50: number, p95: number, index: number) => {
      if (index === 0) return;
      const latency = (latencies[name] ??= { p50: [], p95: [] });
      latency.p50.push(p50);
      latency.p95.push(p95);
    };
    let events = 0;
    for (const [index, messageIds] of round.entries()) {
      for (const provider of ["twilio", "resend", "sendgrid"] as const) {
        let payloads: string[] = [];
        const heraldWrites = await floorBatches({
          provider,
          messageIds: messageIds.floor[provider],
          batch: BATCH,
          base: server.baseUrl,
          secrets,
        });
        for (const ingress of ["direct", "inbox"] as const) {
          const workload = await prepareWorkload({
            provider,
            ingress,
            messageIds: messageIds[ingress][provider],
            batch: BATCH,
            base: server.baseUrl,
            secrets,
          });
          if (ingress === "direct") payloads = workload.payloads;
          const name = ingress === "inbox" ? `${provider} inbox` : provider;
          if (ingress === "inbox") await applied.mark();
          const started = performance.now();
          const result = await load.post(server.baseUrl, workload.requests, connections);
          if (result.failed > 0) throw new Error(`${result.failed} ${provider} requests failed:\n${server.output().slice(-2000)}`);
          events += workload.events;
          keep(name, workload.events / result.seconds, index);
          keepLatency(name, Number(result["p50 ms"]), Number(result["p95 ms"]), index);
          if (ingress === "inbox") {
            const { appliedAt, latenciesMs } = await applied.until(workload.events);
            keep(`${name} applied`, workload.events / ((appliedAt - started) / 1000), index);
            keepLatency(`${name} applied`, percentile(latenciesMs, 50), percentile(latenciesMs, 95), index);
          }
        }
        keep(`${provider} herald writes`, await floors.heraldWrites(provider, heraldWrites), index);
        if (provider === "sendgrid") {
          keep("multi-row insert", await floors.multiRowInsert(chunk(payloads, BATCH)), index);
        } else {
          // What a request costs this server with no work in it: the most any route can take.
          const empty = Array.from({ length: payloads.length }, () => ({
            path: "/api/health",
            body: "",
            headers: {},
            method: "GET" as const,
          }));
          const result = await load.post(server.baseUrl, empty, connections);
          if (result.failed > 0) throw new Error(`${result.failed} /api/health requests failed`);
          keep(`${provider} empty route`, empty.length / result.seconds, index);
          keep(`${provider} insert+update`, await floors.insertUpdate(payloads), index);
          keep(`${provider} insert`, await floors.insert(payloads), index);
          keep(`${provider} multi-row insert`, await floors.multiRowInsert(chunk(payloads, INBOX_BATCH_SIZE)), index);
        }
      }
      if (index === 0) await analyze();
    }
    const lost = await checkNothingLost(database, {
      events,
      messages: round.flatMap((r) => [r.direct, r.inbox].flatMap((m) => [...m.twilio, ...m.resend, ...m.sendgrid])),
    });
    if (!lost.ok) throw new Error(`LOST EVENTS: ${lost.detail}`);
    const note = (name: string, what = "request") =>
      `${what} p50 ${median(latencies[name]!.p50).toFixed(0)} ms, p95 ${median(latencies[name]!.p95).toFixed(0)} ms`;
    const figures = [
      figure(
        "Twilio callback (1 event/request)",
        rates.twilio!,
        rates["twilio insert+update"]!,
        "INSERT+UPDATE tx, bare pg",
        0.15,
        note("twilio"),
      ),
      figure(
        "Resend event (1 event/request)",
        rates.resend!,
        rates["resend insert+update"]!,
        "INSERT+UPDATE tx, bare pg",
        0.15,
        note("resend"),
      ),
      figure(
        `SendGrid batch (${BATCH} events/request)`,
        rates.sendgrid!,
        rates["multi-row insert"]!,
        `${BATCH}-row INSERT, bare pg`,
        0.5,
        note("sendgrid"),
      ),
      figure(
        `SendGrid batch, inbox: acknowledged`,
        rates["sendgrid inbox"]!,
        rates["multi-row insert"]!,
        `${BATCH}-row INSERT, bare pg`,
        0.5,
        note("sendgrid inbox"),
      ),
      ...(["twilio", "resend", "sendgrid"] as const).map((provider) =>
        figure(
          `${LABEL[provider]} vs Herald's writes as bare SQL`,
          rates[provider]!,
          rates[`${provider} herald writes`]!,
          `the same events stored, attempts moved, one statement a ${provider === "sendgrid" ? "batch" : "request"}, bare pg`,
          null,
        ),
      ),
      figure(
        `Herald's writes as bare SQL, ${BATCH}-event batch`,
        rates["sendgrid herald writes"]!,
        rates["multi-row insert"]!,
        `${BATCH}-row INSERT, bare pg`,
        null,
        "what the attempts' and communications' indexes cost Postgres",
      ),
      figure(
        "Herald's writes as bare SQL, one event",
        rates["twilio herald writes"]!,
        rates["twilio insert+update"]!,
        "INSERT+UPDATE tx, bare pg",
        null,
      ),
      figure("Twilio callback vs one-row INSERT", rates.twilio!, rates["twilio insert"]!, "one-row INSERT, bare pg", null),
      figure("Resend event vs one-row INSERT", rates.resend!, rates["resend insert"]!, "one-row INSERT, bare pg", null),
      figure("Twilio callback vs an empty route", rates.twilio!, rates["twilio empty route"]!, EMPTY_ROUTE, null),
      figure("Twilio callback, inbox, vs an empty route", rates["twilio inbox"]!, rates["twilio empty route"]!, EMPTY_ROUTE, null),
      figure("Resend event vs an empty route", rates.resend!, rates["resend empty route"]!, EMPTY_ROUTE, null),
      figure("Resend event, inbox, vs an empty route", rates["resend inbox"]!, rates["resend empty route"]!, EMPTY_ROUTE, null),
      ...(["twilio", "resend"] as const).flatMap((provider) => {
        const label = LABEL[provider];
        return [
          figure(
            `${label}, inbox: acknowledged`,
            rates[`${provider} inbox`]!,
            rates[`${provider} insert`]!,
            "one-row INSERT, bare pg",
            0.25,
            note(`${provider} inbox`),
          ),
          figure(
            `${label}, inbox: applied`,
            rates[`${provider} inbox applied`]!,
            rates[`${provider} multi-row insert`]!,
            `${INBOX_BATCH_SIZE}-row INSERT, bare pg`,
            0.5,
            note(`${provider} inbox applied`, "receipt to applied"),
          ),
        ];
      }),
      figure(
        `SendGrid batch, inbox: applied`,
        rates["sendgrid inbox applied"]!,
        rates["multi-row insert"]!,
        `${BATCH}-row INSERT, bare pg`,
        0.5,
        note("sendgrid inbox applied", "receipt to applied"),
      ),
    ];
    return { suite: "webhooks", rounds, connections, eventsPosted: events, peakRssMb: server.peakRssMb(), figures };
  } finally {
    load.stop();
    await applied.close();
    await floors.close();
    await server.stop();
    await dispose();
  }
}

/** Events (or rows) per second, Herald against its floor (bench/support/rate-figure.ts). */
function figure(name: string, herald: number[], floor: number[], floorLabel: string, target: number | null, note?: string): Figure {
  return rateFigure({ name, unit: "events/s", herald, floor, floorLabel, target, note });
}

function median(samples: number[]): number {
  return percentile(samples, 50);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "5" },
      messages: { type: "string", default: "200" },
      batches: { type: "string", default: "8" },
      connections: { type: "string", default: "8" },
      postgres: { type: "string", default: POSTGRES_ADMIN_URL },
    },
  });
  const suite = await benchWebhooks({
    adminUrl: values.postgres,
    root: path.resolve(import.meta.dirname, ".."),
    rounds: Number(values.rounds),
    messages: Number(values.messages),
    batches: Number(values.batches),
    connections: Number(values.connections),
  });
  printSuite(suite.suite, suite.figures, `peak server RSS ${suite.peakRssMb} MB`);
  console.log(JSON.stringify(suite, null, 2));
}
