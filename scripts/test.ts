// npm test — the whole suite, in the order that fails fastest: lint, format, type check, unit and
// integration tests (PGlite, and real Postgres via the Neon driver), then the browser
// suite against the app as `npm start` serves it. Ends with one plain summary line.
// Extra arguments go to both vitest runs (e.g. `npm test -- -t "quick filter"`).
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { chromiumPath, shouldRunBrowserSuite } from "@/tests/support/environment";

type Report = { numPassedTests?: number; numFailedTests?: number; numPendingTests?: number; numTodoTests?: number };

const startedAt = performance.now();
const reports = await mkdtemp(path.join(os.tmpdir(), "herald-test-"));
const extra = process.argv.slice(2);

await step("Lint", "npx", ["eslint", "."]);
await step("Format", "npx", ["prettier", "--check", "."]);
await step("Route types", "npx", ["next", "typegen"]);
await step("Type check", "npx", ["tsc", "--noEmit"]);

// Two vitest runs, so a browser-suite start-up failure cannot hide the other results.
const runs = [{ name: "Unit and integration tests", projects: ["unit", "integration:*"] }];
if (shouldRunBrowserSuite()) runs.push({ name: "Browser tests", projects: ["e2e"] });
else console.warn(`\n⚠ Browser tests NOT RUN: no Chromium at ${chromiumPath}. CI=true makes them mandatory.`);
let ok = true;
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const [index, run] of runs.entries()) {
  const reportFile = path.join(reports, `vitest-${index}.json`);
  const projectArgs = run.projects.flatMap((project) => ["--project", project]);
  const passed = await step(
    run.name,
    "npx",
    ["vitest", "run", ...projectArgs, "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...extra],
    { exitOnFailure: false },
  );
  const report = JSON.parse(await readFile(reportFile, "utf8").catch(() => "{}")) as Report;
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  ok &&= passed;
}

console.log(`\nHerald test suite finished in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (process.env.CI === "true" && totals.skipped > 0) {
  console.error("CI=true: skipped tests are not allowed.");
  ok = false;
}
process.exit(ok && totals.failed === 0 && totals.passed > 0 ? 0 : 1);

async function step(name: string, command: string, args: string[], { exitOnFailure = true } = {}): Promise<boolean> {
  console.log(`\n▶ ${name}`);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    child.on("exit", resolve);
  });
  if (code === 0) return true;
  console.error(`✖ ${name} failed (exit ${code})`);
  if (exitOnFailure) process.exit(1);
  return false;
}
