// npm start — the zero-config way to run Herald on one machine:
// 1. check the configuration, and build the app when the sources changed since the last build
//    (scripts/start-build.ts);
// 2. migrate the database, and on the embedded default seed demo data on first run
//    (scripts/prepare-database.ts);
// 3. serve: this process becomes the server — Next's own CLI, `next start`, runs in it.
// Steps 1 and 2 are TypeScript, run under tsx in child processes that exit, one after the other:
// one PGlite data dir must never be opened by two processes, and none of their memory (tsx,
// esbuild, PGlite, the seed) stays behind. This file is plain JavaScript so that plain `node`
// runs it: under `npm start` the only process left is the Next server, and SIGTERM or SIGINT
// reaches it directly — Next closes the server and exits, with nothing in between to forward
// the signal or to outlive it.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const startedAt = performance.now();
const port = process.env.PORT || "3000";
const require = createRequire(import.meta.url);

await runTypeScript(path.join(import.meta.dirname, "start-build.ts"));
const resultFile = path.join(mkdtempSync(path.join(os.tmpdir(), "herald-start-")), "prepared.json");
await runTypeScript(path.join(import.meta.dirname, "prepare-database.ts"), resultFile);
/** @type {{ serverRecord: string | null; staffNote: string | null }} (PreparedDatabase) */
const prepared = JSON.parse(readFileSync(resultFile, "utf8"));
rmSync(path.dirname(resultFile), { recursive: true, force: true });

console.log(`Herald prepared in ${((performance.now() - startedAt) / 1000).toFixed(1)} s — starting the server…`);
// CLI commands (npm run api-key:create) ask this server instead of opening the data dir.
if (prepared.serverRecord) {
  const record = prepared.serverRecord;
  writeFileSync(record, JSON.stringify({ pid: process.pid, port: Number(port) }));
  process.on("exit", () => rmSync(record, { force: true }));
}
// A port something else already serves: Next says so and exits; no banner for that one.
if (!(await accepts(Number(port)))) void announceWhenListening();
process.argv = [process.execPath, require.resolve("next/dist/bin/next"), "start", "-p", port];
require("next/dist/bin/next");

/** Runs a TypeScript step under tsx; a signal meant for `npm start` stops it, then this process. */
function runTypeScript(...args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { stdio: "inherit", env: process.env });
    const stop = (signal) => child.kill(signal);
    process.on("SIGINT", stop).on("SIGTERM", stop);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", stop).off("SIGTERM", stop);
      if (code === 0) return resolve();
      // Ended as the step did: by the same signal (the default action, now no handler is left), or its exit code.
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}

/** Says where to go once the server accepts connections (Next prints "Ready in" when it listens). */
async function announceWhenListening() {
  while (!(await accepts(Number(port)))) await new Promise((resolve) => setTimeout(resolve, 100));
  // One write: whoever reads the ready line has the sign-in note with it.
  console.log(`\n  Herald is ready: http://localhost:${port}/communications\n${prepared.staffNote ? `\n${prepared.staffNote}\n` : ""}`);
}

function accepts(portNumber) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port: portNumber });
    const answer = (accepted) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.once("connect", () => answer(true));
    socket.once("error", () => answer(false));
  });
}
