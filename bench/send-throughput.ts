// The send engine's planning against its floor, and the rest of the pipeline, on the
// embedded runner (no Inngest) as `npm start` runs it, with sandbox providers:
// - planning — the planning jobs of N new invoice e-mails, published from the outbox, until
//   each has its rendered, snapshotted first attempt and its hand-over job queued; timed,
//   its statements counted at the driver, its peak RSS sampled every 50 ms. Its floor, in
//   the same run on the same database (bench/send/floors.ts): renderMessage for the same
//   invoices one after the other, and their snapshots written 1,000 rows per statement with
//   bare SQL; render-bound = 1/(1/render + 1/write). Rounds alternate Herald-first and
//   floor-first, each on fresh invoices; figures are medians over the rounds.
// - pipeline — N more invoices with every job registered: planning, hand-over (paced as on
//   Inngest: per provider, 10 at once and 20 starts a second) and the sandbox's signed
//   webhooks through the real route handlers until every attempt is Delivered. No floor.
// React renders with its production build: without NODE_ENV=production (or without
// --expose-gc, for the RSS baselines) the script runs itself again in a child that has
// both — ESM imports load React before any line here could set it.
//
//   npx tsx bench/send-throughput.ts [--count 10000] [--rounds 5] [--pipeline-count N (default --count)]
//                                    [--postgres postgres://postgres@127.0.0.1:5432/postgres]
//   (embedded PGlite in a throwaway data directory without --postgres; npm run bench -- --suites send runs it on Postgres)
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { printSuite } from "./support/report";
import type { SendBenchOptions, SendBenchResult } from "./send/run-bench";

export type { SendBenchOptions, SendBenchResult } from "./send/run-bench";

const SCRIPT = fileURLToPath(import.meta.url);

/** The suite "send": in this process when it renders as production does, else in a child that does. */
export async function benchSendEngine(options: SendBenchOptions): Promise<SendBenchResult> {
  if (!rendersAsProduction()) return benchInChild(options);
  process.env.HERALD_SANDBOX_SEED = (await import("@/tests/support/provider-requests")).TEST_SANDBOX_SEED;
  for (const name of ["RESEND_API_KEY", "SENDGRID_API_KEY", "TWILIO_ACCOUNT_SID", "INNGEST_EVENT_KEY", "INNGEST_DEV", "HERALD_PUBLIC_URL"])
    delete process.env[name];
  // Loaded now: the job registry reads the environment when it loads.
  const { runSendBench } = await import("./send/run-bench");
  return runSendBench(options);
}

function rendersAsProduction(): boolean {
  return process.env.NODE_ENV === "production" && typeof (globalThis as { gc?: unknown }).gc === "function";
}

function productionChild(args: string[], ipc: boolean) {
  const execArgv = process.execArgv.includes("--expose-gc") ? process.execArgv : [...process.execArgv, "--expose-gc"];
  return spawn(process.execPath, [...execArgv, ...args], {
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ipc ? ["inherit", "inherit", "inherit", "ipc"] : "inherit",
  });
}

function benchInChild(options: SendBenchOptions): Promise<SendBenchResult> {
  const args = [SCRIPT, "--count", String(options.count), "--rounds", String(options.rounds)];
  if (options.pipelineCount !== undefined) args.push("--pipeline-count", String(options.pipelineCount));
  if (options.adminUrl) args.push("--postgres", options.adminUrl);
  const child = productionChild(args, true);
  let result: SendBenchResult | undefined;
  child.on("message", (message) => (result = message as SendBenchResult));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (code === 0 && result) resolve(result);
      else reject(new Error(`the send benchmark exited with ${signal ?? code}${result ? "" : ", no result"}`));
    });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  if (!rendersAsProduction()) {
    const child = productionChild(process.argv.slice(1), false);
    child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  } else {
    const { values } = parseArgs({
      options: {
        count: { type: "string", default: "10000" },
        rounds: { type: "string", default: "5" },
        "pipeline-count": { type: "string" },
        postgres: { type: "string" },
      },
    });
    const count = Number(values.count);
    const rounds = Number(values.rounds);
    const pipelineCount = values["pipeline-count"] === undefined ? undefined : Number(values["pipeline-count"]);
    if (![count, rounds, pipelineCount ?? 1].every((n) => Number.isInteger(n) && n >= 1)) {
      console.error("Usage: npx tsx bench/send-throughput.ts [--count N] [--rounds N] [--pipeline-count N] [--postgres URL]");
      process.exit(2);
    }
    const suite = await benchSendEngine({ adminUrl: values.postgres, count, rounds, pipelineCount });
    // Under npm run bench the parent prints every suite at the end.
    if (process.send) process.send(suite, () => process.disconnect());
    else printSuite(suite.suite, suite.figures, `peak RSS of the benchmark process ${suite.peakRssMb} MB`);
  }
}
