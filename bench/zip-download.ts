// npx tsx bench/zip-download.ts [--scale 16000] [--documents 10000]
// Seeds a throwaway database on the local Postgres (TEST_POSTGRES_URL or
// postgres://postgres@127.0.0.1:5432/postgres), then downloads the Communication log as a
// proof ZIP through the route handler, newest attempts first until the view holds at least
// --documents documents, and prints time to first byte, total time, size and the peak RSS
// growth while streaming (sampled every 20 ms) — for a quarter of the documents, then all.
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { GET } from "@/app/api/downloads/zip/route";
import { provideDatabase } from "@/db/client";
import { POSTGRES_ADMIN_URL } from "@/tests/support/test-database-context";
import { TEST_SANDBOX_SEED } from "@/tests/support/provider-requests";
import { signedInStaff } from "@/tests/support/staff-sessions";
import { openBenchDatabase, seedAtScale } from "./support/bench-database";

const { values } = parseArgs({ options: { scale: { type: "string", default: "16000" }, documents: { type: "string", default: "10000" } } });
const scale = Number(values.scale);
const wanted = Number(values.documents);
// Downloads need a staff session: a viewer (the least role that may) signed in through the
// real sign-in endpoint, with the session secret derived from the test seed.
process.env.HERALD_SANDBOX_SEED = TEST_SANDBOX_SEED;
delete process.env.HERALD_PUBLIC_URL;
const { database, dispose } = await openBenchDatabase(POSTGRES_ADMIN_URL);
let viewerCookie = "";
try {
  await seedAtScale(database, scale);
  provideDatabase(database);
  viewerCookie = (await signedInStaff(database.db, "viewer")).cookie;
  // A quarter of the documents, then all of them: flat memory means the same RSS growth.
  for (const documents of [Math.round(wanted / 4), wanted]) await measure(documents);
} finally {
  await dispose();
}

async function measure(documents: number) {
  // The "sent from" date at which the visible log (newest first) reaches that many documents.
  const result = await database.db.execute(sql`
    SELECT day, documents FROM (
      SELECT date_trunc('day', a.created_at) AS day,
             sum(count(d.document_id)) OVER (ORDER BY date_trunc('day', a.created_at) DESC) AS documents
      FROM attempts a LEFT JOIN attempt_documents d ON d.attempt_id = a.id
      WHERE a.communication_ignored_at IS NULL
      GROUP BY 1) AS days
    WHERE documents >= ${documents} ORDER BY day DESC LIMIT 1`);
  const row = (result as unknown as { rows: { day: Date | string; documents: string }[] }).rows[0];
  if (!row) throw new Error(`the seed has fewer than ${documents} documents: raise --scale`);
  const from = new Date(row.day).toISOString().slice(0, 10);
  console.log(`\nView: Communication log, sent from ${from} — ${Number(row.documents).toLocaleString("en")} documents`);

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const start = performance.now();
  const response = await GET(
    new Request(`http://herald.local/api/downloads/zip?tab=log&from=${from}`, { headers: { cookie: viewerCookie } }),
  );
  if (!response.ok || !response.body) throw new Error(`download refused: ${response.status} ${await response.text()}`);
  const reader = response.body.getReader();
  let firstByte = 0;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByte = performance.now() - start;
    bytes += value.byteLength;
  }
  const total = performance.now() - start;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);

  console.log(`  attempts in the ZIP      ${Number(response.headers.get("x-herald-attempts")).toLocaleString("en")}`);
  console.log(
    `  ZIP size                 ${(bytes / 1024 / 1024).toFixed(1)} MB (estimated ${(Number(response.headers.get("x-herald-estimated-bytes")) / 1024 / 1024).toFixed(1)} MB)`,
  );
  console.log(`  time to first byte       ${firstByte.toFixed(0)} ms (size estimate included)`);
  console.log(`  total time               ${(total / 1000).toFixed(2)} s (${(bytes / 1024 / 1024 / (total / 1000)).toFixed(1)} MB/s)`);
  console.log(
    `  peak RSS growth          ${((peak - baseline) / 1024 / 1024).toFixed(1)} MB (baseline ${(baseline / 1024 / 1024).toFixed(0)} MB)`,
  );
}
