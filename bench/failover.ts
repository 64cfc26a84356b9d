// Provider failover under an outage, end to end on the embedded runner (as `npm start`
// runs it): N e-mails handed to the real Resend and SendGrid adapters, pointed at local
// fakes of their APIs, arriving as a steady stream (--rate per second); Resend answers 503
// to everything while the middle 40 % of them arrive (from the 30 % mark to the 70 % mark).
// Prints whether every message was taken by exactly one provider exactly once, the time from
// the outage's start to the route's switch and from its end to the route's return, and the
// hand-overs at each provider.
//
//   npx tsx bench/failover.ts [--count 2000] [--rate 40] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
//
// The failover windows are shortened (assessed over 10 s, back after 5 s and 3 probes a
// second apart) so the run takes seconds; the policy is the one the app runs.
import { parseArgs } from "node:util";
import { count as countRows, eq } from "drizzle-orm";
import { provideDatabase } from "@/db/client";
import { attempts, providerRoutes } from "@/db/schema";
import { DEFAULT_FAILOVER_CONFIG } from "@/lib/failover/policy";
import { createProviderRouting } from "@/lib/failover/routing";
import { DEFAULT_RETRY_POLICY } from "@/lib/sending/deps";
import { STATUS } from "@/lib/status";
import { fakeEmailRegistry, RESEND_OUTAGE } from "@/tests/support/failover-harness";
import { startFakeResend } from "@/tests/support/fakes/fake-resend";
import { startFakeSendgrid } from "@/tests/support/fakes/fake-sendgrid";
import type { RecordedRequest } from "@/tests/support/fakes/http-fake";
import { testSecrets } from "@/tests/support/provider-requests";
import { testSendingDeps } from "@/tests/support/sending-harness";
import { openBenchDatabase } from "./support/bench-database";
import { createEmailCustomers, createInvoice } from "./support/email-invoices";

const { values } = parseArgs({
  options: { count: { type: "string", default: "2000" }, rate: { type: "string", default: "40" }, postgres: { type: "string" } },
});
const COUNT = Number(values.count);
/** New e-mails per second: a steady stream, so traffic after the outage shows the return. */
const RATE = Number(values.rate);
/** How often the bench looks at the route and the counts: often enough to time the switch, rarely enough not to load PGlite's one connection. */
const POLL_MS = 200;
// Hand-overs per provider per second on the embedded runner (read when the registry loads).
process.env.HERALD_HANDOVERS_PER_SECOND = "100";
for (const name of ["RESEND_API_KEY", "SENDGRID_API_KEY", "INNGEST_EVENT_KEY", "INNGEST_DEV", "HERALD_PUBLIC_URL"])
  delete process.env[name];
const { registerEmbeddedFunctions } = await import("@/inngest/embedded");
const { publishOutbox } = await import("@/inngest/outbox");
const { provideSendingDeps } = await import("@/lib/sending/runtime");

const { database, dispose, label } = await openBenchDatabase(values.postgres);
const [resend, sendgrid] = await Promise.all([
  startFakeResend({ ids: () => `re_${crypto.randomUUID()}` }),
  startFakeSendgrid({ ids: () => `sg_${crypto.randomUUID()}` }),
]);
console.log(`Herald failover benchmark — ${label}, ${COUNT.toLocaleString("en")} e-mails, Resend down for the middle 40 %`);
try {
  provideDatabase(database);
  const failover = createProviderRouting(
    { email: ["resend", "sendgrid"] },
    { ...DEFAULT_FAILOVER_CONFIG, windowMs: 10_000, hysteresisMs: 5_000, probeIntervalMs: 1_000, cacheMs: 200 },
  );
  provideSendingDeps({
    ...testSendingDeps(database.db, await testSecrets()),
    providers: fakeEmailRegistry(resend, sendgrid),
    retry: DEFAULT_RETRY_POLICY,
    failover,
  });
  registerEmbeddedFunctions();
  const customerIds = await createEmailCustomers(database.db, { count: Math.ceil(COUNT / 10), tag: "FAILOVER" });

  const started = performance.now();
  const at = (ms: number) => ((ms - started) / 1000).toFixed(1);
  const marks: Record<string, number> = {};
  // The outage covers the middle 40 % of the arrivals: from the 30 % mark to the 70 % mark.
  const arrivals = (async () => {
    for (let i = 0; i < COUNT; i++) {
      if (i === Math.floor(COUNT * 0.3)) {
        resend.respondAlways(RESEND_OUTAGE);
        marks.outageStart = performance.now();
      }
      if (i === Math.floor(COUNT * 0.7)) {
        resend.respondAlways(null);
        marks.outageEnd = performance.now();
      }
      await createInvoice(database.db, { customerIds, index: i, tag: "FAILOVER" });
      void publishOutbox(database.db);
      const due = started + ((i + 1) / RATE) * 1000;
      if (due > performance.now()) await new Promise((resolve) => setTimeout(resolve, due - performance.now()));
    }
  })();
  for (;;) {
    const taken = await acceptedCount();
    const route = (await database.db.select().from(providerRoutes).where(eq(providerRoutes.channel, "email")))[0];
    // When the route moved, as the switch recorded it (the poll itself may wait its turn on PGlite).
    const movedAt = () => route!.switchedAt!.getTime() - Date.now() + performance.now();
    if (marks.outageStart !== undefined && marks.switched === undefined && route?.activeProvider === "sendgrid") marks.switched = movedAt();
    if (marks.outageEnd !== undefined && marks.switched !== undefined && marks.back === undefined && route && !route.activeProvider)
      marks.back = movedAt();
    if (taken >= COUNT && marks.allTaken === undefined) marks.allTaken = performance.now();
    // Recovery needs traffic to probe with: once every message is taken, it has had its chance.
    if (marks.allTaken !== undefined && (marks.back !== undefined || performance.now() - marks.allTaken > 2_000)) break;
    if (process.env.DEBUG_BENCH)
      console.log(at(performance.now()), taken, route?.activeProvider, resend.requests.length, sendgrid.requests.length);
    if (performance.now() - started > 10 * 60_000) throw new Error(`not done after 10 minutes: ${taken} of ${COUNT} taken`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await arrivals;
  const seconds = (performance.now() - started) / 1000;

  const { perCommunication, byProvider } = await takenPerCommunication();
  const once = [...perCommunication.values()].filter((n) => n === 1).length;
  const duplicates = [...perCommunication.values()].filter((n) => n > 1).length;
  const failovers = await database.db.select({ n: countRows() }).from(attempts).where(eq(attempts.kind, "failover"));
  console.log(`taken by a provider exactly once   ${once} of ${COUNT} (${((once / COUNT) * 100).toFixed(1)} %)`);
  console.log(`duplicates (taken more than once)  ${duplicates}`);
  console.log(`hand-overs taken                   Resend ${byProvider.resend}, SendGrid ${byProvider.sendgrid}`);
  console.log(`refused by Resend during outage    ${resend.requests.length - byProvider.resend}`);
  console.log(`failover attempts                  ${failovers[0]?.n ?? 0}`);
  console.log(`outage                             ${at(marks.outageStart!)} s → ${at(marks.outageEnd!)} s`);
  console.log(
    `time to failover                   ${marks.switched === undefined ? "never" : `${((marks.switched - marks.outageStart!) / 1000).toFixed(2)} s`}`,
  );
  console.log(
    `time to recovery                   ${marks.back === undefined ? "not recovered before the last message" : `${((marks.back - marks.outageEnd!) / 1000).toFixed(2)} s`} (hysteresis 5 s, 3 probes 1 s apart)`,
  );
  console.log(`run                                ${seconds.toFixed(1)} s → ${(COUNT / seconds).toFixed(0)} e-mails/s`);
  if (once !== COUNT || duplicates !== 0 || marks.switched === undefined) process.exitCode = 1;
} finally {
  await Promise.all([resend.close(), sendgrid.close()]);
  await dispose();
}

async function acceptedCount() {
  const [row] = await database.db.select({ n: countRows() }).from(attempts).where(eq(attempts.status, STATUS.accepted));
  return row?.n ?? 0;
}

/** Per communication, how many hand-overs a provider took (2xx), from the fakes' own request logs. */
async function takenPerCommunication() {
  const rows = await database.db.select({ id: attempts.id, communicationId: attempts.communicationId }).from(attempts);
  const communicationOf = new Map(rows.map((row) => [row.id, row.communicationId]));
  const perCommunication = new Map<string, number>();
  const byProvider = { resend: 0, sendgrid: 0 };
  const count = (provider: keyof typeof byProvider, requests: RecordedRequest[], attemptIdOf: (body: never) => unknown) => {
    for (const request of requests) {
      const id = attemptIdOf(JSON.parse(request.text) as never);
      const communicationId = typeof id === "string" ? communicationOf.get(id) : undefined;
      if (!communicationId || request.status === undefined || request.status >= 300) continue;
      byProvider[provider]++;
      perCommunication.set(communicationId, (perCommunication.get(communicationId) ?? 0) + 1);
    }
  };
  count(
    "resend",
    resend.requests,
    (body: { tags?: { name: string; value: string }[] }) => body.tags?.find((tag) => tag.name === "attempt_id")?.value,
  );
  count("sendgrid", sendgrid.requests, (body: { custom_args?: Record<string, string> }) => body.custom_args?.attempt_id);
  return { perCommunication, byProvider };
}
