// Reconciliation latency: attempts at Resend, Twilio, Pingen and the Peppol access point
// whose webhook never came (local fakes of each status API answer delivered), all past their
// channel's SLA at the same instant. One reconciliation round is started at that instant;
// each attempt's latency is from the SLA expiry to its status moving (the attempt's
// updated_at, written by the database as it moves). In production the round starts at the
// next */5 cron tick, so up to 5 minutes come on top. A second round then must ask nobody.
//
//   npx tsx bench/reconciliation.ts                                   # embedded PGlite, throwaway data directory
//   npx tsx bench/reconciliation.ts --postgres postgres://postgres@127.0.0.1:5432/postgres
//   options: --per-provider 200
import { parseArgs } from "node:util";
import { eq, inArray } from "drizzle-orm";
import { attempts } from "@/db/schema";
import { RECONCILE_LIMIT_PER_PROVIDER } from "@/lib/reconciliation/reconcile-providers";
import { runReconciliation } from "@/lib/reconciliation/run";
import { RECONCILIATION_SLA, type ReconciledChannel } from "@/lib/reconciliation/sla";
import { STATUS, type Provider } from "@/lib/status";
import { createAttempt } from "@/tests/support/attempt-factory";
import { peppolEvent } from "@/lib/providers/sandbox/webhook-payloads";
import { closeStatusFakes, fakeStatusRegistry, startStatusFakes } from "@/tests/support/reconciliation-harness";
import { openBenchDatabase } from "./support/bench-database";

const { values: args } = parseArgs({ options: { "per-provider": { type: "string", default: "200" }, postgres: { type: "string" } } });
const PER_PROVIDER = Number(args["per-provider"]);
Object.assign(process.env, { INNGEST_EVENT_KEY: "", INNGEST_DEV: "", NEXT_TELEMETRY_DISABLED: "1" });

const { database, dispose, label } = await openBenchDatabase(args.postgres);
const fakes = await startStatusFakes();
const { db } = database;
const providers: [Provider, ReconciledChannel][] = [
  ["resend", "email"],
  ["twilio", "sms"],
  ["pingen", "post"],
  ["peppol", "einvoice"],
];
console.log(`Herald reconciliation benchmark — ${label}, ${PER_PROVIDER} overdue attempts at each of ${providers.length} providers`);

const slaExpiry = new Date();
const ids: string[] = [];
for (const [provider, channel] of providers) {
  for (let i = 0; i < PER_PROVIDER; i++) {
    const messageId = `${provider}-bench-${i}`;
    const { attemptId } = await createAttempt(db, { provider, providerMessageId: messageId, status: STATUS.accepted });
    await db
      .update(attempts)
      .set({ statusAt: new Date(slaExpiry.getTime() - RECONCILIATION_SLA[channel].afterMs) })
      .where(eq(attempts.id, attemptId));
    ids.push(attemptId);
    if (provider === "resend") fakes.resend.lastEvents.set(messageId, "delivered");
    if (provider === "twilio") fakes.twilio.statuses.set(messageId, { status: "delivered" });
    if (provider === "pingen") fakes.pingen.letters.set(messageId, "sent");
    if (provider === "peppol")
      fakes.peppol.transmissions.set(messageId, peppolEvent("mls.AP", messageId, { mls: { responseCode: "AP" } }, `evt-${i}`));
  }
}

const registry = await fakeStatusRegistry(fakes);
const round = (now: Date) => runReconciliation(db, { providers: registry, publishJobs: async () => {}, now: () => now });
const runs = Math.ceil(PER_PROVIDER / RECONCILE_LIMIT_PER_PROVIDER);
const started = Date.now();
let rounds = 0;
// Each round asks up to RECONCILE_LIMIT_PER_PROVIDER per provider; a larger backlog takes
// more rounds (in production: one per cron tick).
for (; rounds < runs; rounds++) await round(new Date(slaExpiry.getTime() + 1 + rounds));
const wallMs = Date.now() - started;

const rows = await db.select({ status: attempts.status, updatedAt: attempts.updatedAt }).from(attempts).where(inArray(attempts.id, ids));
const moved = rows.filter((row) => row.status !== STATUS.accepted);
const latencies = moved.map((row) => row.updatedAt.getTime() - started).sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
console.log(`Rounds: ${rounds} in ${wallMs} ms (${((ids.length / wallMs) * 1000).toFixed(0)} attempts/s)`);
console.log(`Moved: ${moved.length} of ${ids.length}`);
console.log(
  `Latency from SLA expiry to moved status, round started at the expiry: p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${pct(100)} ms`,
);
console.log(`With the */5 cron: at most 5 min + ${pct(100)} ms after the SLA expires`);
const again = await round(new Date(slaExpiry.getTime() + 60_000));
const askedAgain = again.providers.reduce((sum, summary) => sum + summary.checked, 0);
console.log(`A second round a minute later asked ${askedAgain} attempts (expected 0)`);

await closeStatusFakes(fakes);
await dispose();
if (moved.length !== ids.length || askedAgain !== 0) {
  console.error("FAILED: not every overdue attempt moved, or a second round asked again");
  process.exit(1);
}
