// npm test — the whole suite, in the order that fails fastest: lint, type check, then
// vitest (unit, integration on PGlite and on real Postgres via the Neon driver, and the
// browser suite). Ends with one plain summary line.
import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

const startedAt = performance.now();
const reportFile = path.join(await mkdtemp(path.join(os.tmpdir(), "herald-test-")), "vitest.json");

await step("Lint", "npx", ["eslint", "."]);
await step("Route types", "npx", ["next", "typegen"]);
await step("Type check", "npx", ["tsc", "--noEmit"]);
const vitestOk = await step(
  "Vitest",
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${reportFile}`, ...process.argv.slice(2)],
  { exitOnFailure: false },
);

const report = JSON.parse(await readFile(reportFile, "utf8").catch(() => "{}")) as {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
};
const seconds = ((performance.now() - startedAt) / 1000).toFixed(0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`\nHerald test suite finished in ${seconds} s`);
console.log(`${report.numPassedTests ?? 0} passed, ${report.numFailedTests ?? 0} failed, ${skipped} skipped`);
if (process.env.CI === "true" && skipped > 0) {
  console.error("CI=true: skipped tests are not allowed.");
  process.exit(1);
}
process.exit(vitestOk && report.numFailedTests === 0 ? 0 : 1);

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
