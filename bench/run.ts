// npm run bench [-- --scale 1000000] [--runs 30] [--database postgres://…/name] [--suites page,webhooks,send]
//
// Herald's figures against their floors, through the production build (`next build` when
// the sources changed, then `next start` in its own process) on the local Postgres
// (TEST_POSTGRES_URL or postgres://postgres@127.0.0.1:5432/postgres). The database of a
// scale is seeded once and kept (`herald_bench_<scale>`; --database names another); a
// million communications take a few minutes to seed. The webhook suite (bench/webhooks.ts)
// runs on a throwaway database of its own, --webhook-rounds rounds (default 5). The send suite
// (bench/send-throughput.ts; not run by default: its rounds and paced hand-overs take minutes)
// plans --send-count invoices per round for --send-rounds rounds on a throwaway database too,
// in a child process running React's production build. Prints Herald, floor and ratio per
// figure and writes the whole report to bench/results/ (git-ignored).
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { POSTGRES_ADMIN_URL } from "@/tests/support/test-database-context";
import { benchCommunicationsPage } from "./communications-page";
import { benchSendEngine } from "./send-throughput";
import { benchWebhooks } from "./webhooks";
import { markdownTable, printSuite } from "./support/report";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "20000" },
    runs: { type: "string", default: "30" },
    database: { type: "string" },
    suites: { type: "string", default: "page,webhooks" },
    "webhook-rounds": { type: "string", default: "5" },
    "send-count": { type: "string", default: "2000" },
    "send-rounds": { type: "string", default: "5" },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
if (!Number.isInteger(scale) || scale < 1_000 || !Number.isInteger(runs) || runs < 5) {
  console.error(
    "Usage: npm run bench -- [--scale N ≥ 1000] [--runs N ≥ 5] [--database URL] [--suites page,webhooks,send] [--webhook-rounds N] [--send-count N] [--send-rounds N]",
  );
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, "..");
const startedAt = new Date();
const chosen = new Set(values.suites.split(","));
const suites = [];
if (chosen.has("page"))
  suites.push(await benchCommunicationsPage({ adminUrl: POSTGRES_ADMIN_URL, scale, runs, databaseUrl: values.database, root }));
if (chosen.has("webhooks")) {
  const rounds = Number(values["webhook-rounds"]);
  suites.push(await benchWebhooks({ adminUrl: POSTGRES_ADMIN_URL, root, rounds, messages: 200, batches: 8, connections: 8 }));
}
if (chosen.has("send")) {
  const count = Number(values["send-count"]);
  // The pipeline's hand-overs are paced (20 starts a second per provider): its length is the pacing's, so a sample does.
  suites.push(
    await benchSendEngine({
      adminUrl: POSTGRES_ADMIN_URL,
      count,
      rounds: Number(values["send-rounds"]),
      pipelineCount: Math.min(count, 500),
    }),
  );
}

for (const suite of suites) {
  // The send suite's engine runs in the benchmark's own process, not in a server.
  const rss = suite.suite === "send" ? "peak RSS of the benchmark process" : "peak server RSS";
  printSuite(suite.suite, suite.figures, `${rss} ${suite.peakRssMb} MB`);
}
const report = {
  startedAt: startedAt.toISOString(),
  seconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
  command: `npm run bench -- ${process.argv.slice(2).join(" ")}`.trim(),
  scale,
  runs,
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg(), memoryGb: Math.round(os.totalmem() / 2 ** 30) },
  suites,
};
const dir = path.join(root, "bench", "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `bench-${scale}-${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
// The same figures as Markdown: the README's performance section is pasted from it.
writeFileSync(file.replace(/\.json$/, ".md"), `${suites.map((suite) => markdownTable(suite.figures)).join("\n\n")}\n`);
const load = os.loadavg().map((n) => n.toFixed(1));
console.log(`\nReport: ${path.relative(root, file)} and .md (${report.seconds} s; load average ${load.join(" ")})`);
