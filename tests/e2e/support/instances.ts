import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { appRoleSql } from "@/db/app-role";
import { databaseUrl, POSTGRES_ADMIN_URL } from "../../support/test-database-context";

// A production-like Herald on real Postgres for the browser project: an owner role that
// migrates, an app role that owns nothing (db/app-role.ts), npm start's database step run with
// both URLs, then any number of `next start` servers of the suite's build on that one
// database — several instances behind one load balancer (started by tests/support/next-server.ts).

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
  const prepareOutput = await runToEnd(process.execPath, ["--import", "tsx", "scripts/prepare-database.ts", resultFile], {
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
