// Platform API create throughput: POST /api/v1/communications over loopback HTTP to the
// real route handler (API-key check, zod validation, customer upsert, insert, dispatch),
// each request with its own Idempotency-Key, from a fixed pool of keep-alive connections.
// The engine's queued sends are not part of the measurement (the runner has no handlers
// registered here), so the numbers are the API's own. Prints requests/s and p50/p95/p99.
//
//   npx tsx bench/api-create.ts [--requests 2000] [--connections 8] [--postgres postgres://…/postgres]
import { parseArgs } from "node:util";
import { count } from "drizzle-orm";
import { POST } from "@/app/api/v1/communications/route";
import { provideDatabase } from "@/db/client";
import { communications } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-keys";
import { openBenchDatabase } from "./support/bench-database";
import { postAll, serveRoutes } from "./support/loopback";

const { values: args } = parseArgs({
  options: { requests: { type: "string", default: "2000" }, connections: { type: "string", default: "8" }, postgres: { type: "string" } },
});
const REQUESTS = Number(args.requests);
const CONNECTIONS = Number(args.connections);
// The per-key rate limit is counted (one upsert per request, as in production) but never reached.
Object.assign(process.env, { INNGEST_EVENT_KEY: "", INNGEST_DEV: "", NEXT_TELEMETRY_DISABLED: "1", HERALD_API_RATE_LIMIT: "1000000/60" });

const { database, dispose, label } = await openBenchDatabase(args.postgres);
provideDatabase(database);
const { secret } = await createApiKey(database.db, { name: "Benchmark", scopes: ["send"], createdBy: "bench", actorType: "system" });
const server = await serveRoutes(new Map([["/api/v1/communications", POST]]));

const requests = Array.from({ length: REQUESTS }, (_, i) => ({
  path: "/api/v1/communications",
  headers: { authorization: `Bearer ${secret}`, "content-type": "application/json", "idempotency-key": `bench-${i}` },
  body: JSON.stringify({
    subject: { type: "invoice", reference: `INV-BENCH-${i}` },
    customer: { reference: `BENCH-${i % 200}`, name: `Bench customer ${i % 200}`, email: `customer${i % 200}@bench.example` },
    category: "invoice",
    templateData: {
      invoiceNumber: `INV-BENCH-${i}`,
      amountCents: 10_000 + i,
      currency: "EUR",
      issueDate: "2026-11-01",
      dueDate: "2026-11-30",
    },
  }),
}));

console.log(`Herald API create benchmark — ${label}, ${REQUESTS} requests, ${CONNECTIONS} connections`);
const { seconds, ...result } = await postAll(server.base, requests, CONNECTIONS);
const [stored] = await database.db.select({ n: count() }).from(communications);
console.table([{ workload: "POST /api/v1/communications", ...result, seconds: Number(seconds.toFixed(1)) }]);
console.log(
  stored!.n === REQUESTS
    ? `✔ ${stored!.n} communications stored, one per request`
    : `✖ ${stored!.n} communications stored for ${REQUESTS} requests`,
);
await server.close();
await dispose();
process.exit(stored!.n === REQUESTS && result.failed === 0 ? 0 : 1);
