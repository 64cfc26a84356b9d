// npm test — the whole suite, in the order that fails fastest: lint, format and type check
// side by side (each is single-threaded; the production build the browser suite serves is
// made beside them, after the type check), unit and integration tests (PGlite, and real
// Postgres via the Neon driver), then the browser suite against the app as `npm start`
// serves it, beside the browser files that start servers of their own. Ends with one plain
// summary line, after each step's time.
// Extra arguments go to every vitest run (e.g. `npm test -- -t "quick filter"`).
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromiumPath, shouldRunBrowserSuite } from "@/tests/support/environment";

type Report = { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number };

const startedAt = performance.now();
const timings: string[] = [];
const reports = await mkdtemp(path.join(os.tmpdir(), "herald-test-"));
const extra = process.argv.slice(2);

const browser = shouldRunBrowserSuite();
// The build cleans .next, where `next typegen` writes the route types tsc reads: it waits for the type check.
const checks = await Promise.all([
  run("Lint", [["npx", "eslint", "."]]),
  run("Format", [["npx", "prettier", "--check", "."]]),
  run(browser ? "Type check, then the production build" : "Type check", [
    ["npx", "next", "typegen"],
    ["npx", "tsc", "--noEmit"],
    ...(browser ? [["npx", "tsx", "scripts/start-build.ts"]] : []),
  ]),
]);
if (!checks.every(Boolean)) process.exit(1);

// Separate vitest runs, so a browser-suite start-up failure cannot hide the other results.
// The browser files that start their own servers run beside those on the shared server: the
// browser suite leaves a core idle much of the time, waiting on pages and providers.
const totals = { passed: 0, failed: 0, skipped: 0 };
let ok = await vitest("Unit and integration tests", ["unit", "integration:*"], { live: true });
if (browser) {
  const results = await Promise.all([
    vitest("Browser tests", ["e2e"], { live: true }),
    vitest("Browser tests with their own servers", ["e2e:own-servers"], { live: false }),
  ]);
  ok &&= results.every(Boolean);
} else console.warn(`\n⚠ Browser tests NOT RUN: no Chromium at ${chromiumPath}. CI=true makes them mandatory.`);

console.log(`\n${timings.join(" · ")}`);
console.log(`Herald test suite finished in ${seconds(startedAt)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (process.env.CI === "true" && totals.skipped > 0) {
  console.error("CI=true: skipped tests are not allowed.");
  ok = false;
}
process.exit(ok && totals.failed === 0 && totals.passed > 0 ? 0 : 1);

/** One vitest run of `projects`; its counts are added to the totals. Output is live, or held back and printed whole at the end (runs side by side). */
async function vitest(name: string, projects: string[], { live }: { live: boolean }): Promise<boolean> {
  const reportFile = path.join(reports, `vitest-${projects.join("+").replace(/[^\w+-]/g, "_")}.json`);
  const args = ["vitest", "run", ...projects.flatMap((project) => ["--project", project])];
  args.push("--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...extra);
  const passed = await run(name, [["npx", ...args]], { live });
  const report = JSON.parse(await readFile(reportFile, "utf8").catch(() => "{}")) as Report;
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  return passed;
}

/** Runs `commands` one after the other, output live, or held back and printed whole when they end (steps run side by side). */
async function run(name: string, commands: string[][], { live = false } = {}): Promise<boolean> {
  const began = performance.now();
  if (live) console.log(`\n▶ ${name}`);
  let output = "";
  let failed: string | null = null;
  for (const [command, ...args] of commands) {
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(command!, args, { env: process.env, stdio: live ? "inherit" : ["ignore", "pipe", "pipe"] });
      child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", resolve);
    });
    if (code !== 0) {
      failed = `${[command, ...args].join(" ")} (exit ${code})`;
      break;
    }
  }
  timings.push(`${name} ${seconds(began)} s`);
  if (!live) console.log(`\n▶ ${name} (${seconds(began)} s)\n${output.trimEnd()}`);
  if (failed) console.error(`✖ ${name} failed: ${failed}`);
  return failed === null;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(0);
}
