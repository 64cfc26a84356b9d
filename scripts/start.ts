// npm start — the zero-config way to run Herald on one machine:
// 1. build the app when the sources changed since the last build;
// 2. migrate the database, and on the embedded default seed demo data on first run;
// 3. serve with `next start`.
// Steps run one after the other, never concurrently: one PGlite data dir must never be
// opened by two processes, so the preparing child closes it before the server opens it.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { readEnv } from "@/lib/env";
import type { PreparedDatabase } from "./prepare-database";
import { recordRunningServer } from "./running-server";

// Configuration errors (a misspelt time zone, a short secret) stop here, before the build.
readEnv();

const startedAt = performance.now();
const root = process.cwd();
const port = process.env.PORT ?? "3000";
const SOURCES = ["app", "components", "lib", "db", "inngest", "proxy.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

const fingerprintFile = path.join(root, ".next", "herald-source-fingerprint");
const fingerprint = hashSources(SOURCES.map((entry) => path.join(root, entry)));
if (!existsSync(path.join(root, ".next", "BUILD_ID")) || readIfExists(fingerprintFile) !== fingerprint) {
  console.log("Building Herald (first start or changed sources)…");
  await run("npx", ["next", "build"]);
  writeFileSync(fingerprintFile, fingerprint);
}

// The database is prepared in a child process that exits (scripts/prepare-database.ts), so
// PGlite's and the seed's memory is not held for the server's lifetime by this parent.
const resultFile = path.join(mkdtempSync(path.join(os.tmpdir(), "herald-start-")), "prepared.json");
await run(process.execPath, [...process.execArgv, path.join(import.meta.dirname, "prepare-database.ts"), resultFile]);
const prepared = JSON.parse(readFileSync(resultFile, "utf8")) as PreparedDatabase;
rmSync(path.dirname(resultFile), { recursive: true, force: true });

console.log(`Herald prepared in ${((performance.now() - startedAt) / 1000).toFixed(1)} s — starting the server…`);
// Next's own CLI under this Node, not through npx: a signal sent to this process reaches the
// server itself (npx did not pass SIGTERM on, and next-server outlived `npm start`).
const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");
const server = spawn(process.execPath, [nextCli, "start", "-p", port], { stdio: ["inherit", "pipe", "inherit"], env: process.env });
// CLI commands (npm run api-key:create) ask this server instead of opening the data dir.
const forgetServer =
  prepared.dataDir && server.pid ? recordRunningServer(prepared.dataDir, { pid: server.pid, port: Number(port) }) : () => {};
server.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (/Ready in/.test(chunk.toString())) {
    console.log(`\n  Herald is ready: http://localhost:${port}/communications\n`);
    if (prepared.staffNote) console.log(`${prepared.staffNote}\n`);
  }
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => {
  forgetServer();
  process.exit(code ?? 0);
});

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: "inherit", env: process.env });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`))));
  });
}

function hashSources(entries: string[]): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    if (statSync(entry).isDirectory()) {
      for (const name of readdirSync(entry).sort()) visit(path.join(entry, name));
    } else {
      hash.update(path.relative(root, entry)).update(readFileSync(entry));
    }
  };
  for (const entry of entries) visit(entry);
  return hash.digest("hex");
}

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}
