import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { appRoleSql } from "@/db/app-role";
import { databaseUrl, POSTGRES_ADMIN_URL } from "../../support/test-database-context";

// A production-like Herald on real Postgres for the browser project: an owner role that
// migrates, an app role that owns nothing (db/app-role.ts), npm start's database step run with
// both URLs, then any number of `next start` servers of the suite's build on that one
// database — several instances behind one load balancer.

export type PostgresInstallation = {
  appUrl: string;
  ownerUrl: string;
  prepareOutput: string;
  drop: () => Promise<void>;
};

export async function isPostgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A fresh database with its owner and app roles, migrated as the owner by `npm start`'s database step. */
export async function createPostgresInstallation(env: Record<string, string>): Promise<PostgresInstallation> {
  const suffix = randomBytes(4).toString("hex");
  const [name, owner, appRole] = [`herald_e2e_${suffix}`, `herald_owner_${suffix}`, `herald_app_${suffix}`];
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  // The owner may create roles, as the default role of a Neon project can.
  await admin.query(`CREATE ROLE ${owner} LOGIN CREATEROLE`);
  await admin.query(`CREATE DATABASE ${name} OWNER ${owner}`);
  const asRole = (role: string) => {
    const url = new URL(databaseUrl(POSTGRES_ADMIN_URL, name));
    url.username = role;
    return url.toString();
  };
  const ownerUrl = asRole(owner);
  const appUrl = asRole(appRole);
  // Before any table exists: the default privileges cover what the migrations create.
  const ownerClient = new pg.Client({ connectionString: ownerUrl });
  await ownerClient.connect();
  await ownerClient.query(appRoleSql(appRole));
  await ownerClient.end();

  const dir = await mkdtemp(path.join(os.tmpdir(), "herald-instances-"));
  const resultFile = path.join(dir, "prepared.json");
  const prepareOutput = await runToEnd("npx", ["tsx", "scripts/prepare-database.ts", resultFile], {
    ...env,
    DATABASE_URL: appUrl,
    DATABASE_MIGRATION_URL: ownerUrl,
  });
  await readFile(resultFile, "utf8");
  return {
    appUrl,
    ownerUrl,
    prepareOutput,
    drop: async () => {
      await rm(dir, { recursive: true, force: true });
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`DROP ROLE IF EXISTS ${appRole}`);
      await admin.query(`DROP ROLE IF EXISTS ${owner}`);
      await admin.end();
    },
  };
}

export type AppServer = { baseUrl: string; output: () => string; stop: () => Promise<void> };

/** `next start` of the suite's build (made by npm start in the global setup) with `env`. */
export async function startNextServer(env: Record<string, string>): Promise<AppServer> {
  if (!existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No build in .next: the browser suite's global setup (npm start) builds it first");
  }
  const port = await freePort();
  const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");
  const server = spawn(process.execPath, [nextCli, "start", "-p", String(port)], {
    cwd: process.cwd(),
    detached: true,
    env: { ...process.env, ...env, PORT: String(port), NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  server.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  await waitFor(
    server,
    () => /Ready in/.test(output),
    () => output,
    60_000,
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  // The embedded runner starts in register(): wait until the first request has loaded it.
  await fetch(`${baseUrl}/api/auth/get-session`);
  return {
    baseUrl,
    output: () => output,
    stop: async () => {
      if (server.exitCode !== null) return;
      process.kill(-server.pid!, "SIGTERM");
      await new Promise((resolve) => server.once("exit", resolve));
    },
  };
}

function runToEnd(command: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(" ")} exited with ${code}:\n${output}`)),
    );
  });
}

function waitFor(child: ChildProcess, ready: () => boolean, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`next start was not ready in time:\n${output()}`)), timeoutMs);
    const poll = setInterval(() => {
      if (!ready()) return;
      clearInterval(poll);
      clearTimeout(timer);
      resolve();
    }, 100);
    child.once("exit", (code) => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`next start exited with ${code} before it was ready:\n${output()}`));
    });
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
