// npm start — the zero-config way to run Herald on one machine:
// 1. build the app when the sources changed since the last build;
// 2. migrate the database, and on the embedded default seed demo data on first run;
// 3. serve with `next start`.
// Steps run one after the other, never concurrently: one PGlite data dir must never be
// opened by two processes, so this process closes it before the server opens it.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { migrateDatabase, openDatabase, resolveDatabaseConfig } from "@/db/client";
import { isDatabaseSeeded, seedDemoData } from "@/db/seed";
import { authOptionsFromEnv, createAuth } from "@/lib/auth/auth";
import { describeInitialStaff, ensureInitialStaff } from "@/lib/auth/staff-accounts";
import { readEnv } from "@/lib/env";
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

const config = resolveDatabaseConfig();
const database = await openDatabase(config);
let staffNote: string | null;
try {
  await migrateDatabase(database);
  if (config.driver === "pglite" && !(await isDatabaseSeeded(database.db))) {
    console.log(`First run: seeding demo data into ${config.dataDir}…`);
    const seedStart = performance.now();
    await seedDemoData(database.db, {});
    console.log(`Demo data ready in ${((performance.now() - seedStart) / 1000).toFixed(1)} s.`);
  }
  // Embedded: demo accounts on first run; with DATABASE_URL: the admin from HERALD_ADMIN_*.
  const auth = createAuth(database.db, await authOptionsFromEnv());
  staffNote = describeInitialStaff(await ensureInitialStaff(auth, database.db, { embedded: config.driver === "pglite", env: readEnv() }));
} finally {
  await database.close();
}

console.log(`Herald prepared in ${((performance.now() - startedAt) / 1000).toFixed(1)} s — starting the server…`);
// Next's own CLI under this Node, not through npx: a signal sent to this process reaches the
// server itself (npx did not pass SIGTERM on, and next-server outlived `npm start`).
const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");
const server = spawn(process.execPath, [nextCli, "start", "-p", port], { stdio: ["inherit", "pipe", "inherit"], env: process.env });
// CLI commands (npm run api-key:create) ask this server instead of opening the data dir.
const forgetServer =
  config.driver === "pglite" && server.pid ? recordRunningServer(config.dataDir!, { pid: server.pid, port: Number(port) }) : () => {};
server.stdout.on("data", (chunk: Buffer) => {
  process.stdout.write(chunk);
  if (/Ready in/.test(chunk.toString())) {
    console.log(`\n  Herald is ready: http://localhost:${port}/communications\n`);
    if (staffNote) console.log(`${staffNote}\n`);
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
