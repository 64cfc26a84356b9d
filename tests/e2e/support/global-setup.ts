import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import type { StaffRole } from "@/lib/auth/roles";
import { TEST_SANDBOX_SEED } from "../../support/provider-requests";
import { DEMO_PASSWORD } from "@/lib/auth/staff-accounts";
import { DEFAULT_TIME_ZONE } from "@/lib/time-zone";
import { freePort, startWithNpm } from "../../support/next-server";
import { signInOverHttp } from "./staff";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    /** A signed-in session cookie of each demo account, made once here (see support/staff.ts). */
    staffCookies: Record<StaffRole, string>;
  }
}

// The browser suite runs the app exactly as a new user does: `npm start` (scripts/start.mjs
// builds when needed, migrates and seeds a fresh embedded database, then becomes `next start`).
// E2E_BASE_URL points the suite at a server already running instead (e.g. `npm run dev`).
export default async function setup(project: TestProject) {
  if (process.env.E2E_BASE_URL) {
    project.provide("baseUrl", process.env.E2E_BASE_URL);
    project.provide("staffCookies", await signInDemoStaff(process.env.E2E_BASE_URL));
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "herald-e2e-"));
  const port = await freePort();
  const server = await startWithNpm({
    port,
    dataDir: path.join(dir, "pglite"),
    env: {
      // The suite signs provider webhooks with the sandbox secrets derived from this seed.
      HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED,
      // Every test file signs in from 127.0.0.1; the limit itself is tested in
      // tests/integration/staff-auth.test.ts.
      HERALD_SIGN_IN_RATE_LIMIT: "100/60",
      // Sandbox providers report back quickly, so sends settle within a test.
      HERALD_SANDBOX_DELAY_MS: "200",
      // Date assertions read days in this zone, whatever the machine's environment says.
      HERALD_TIME_ZONE: DEFAULT_TIME_ZONE,
    },
  });
  console.log(`[e2e] Herald started by npm start on port ${port}`);
  const baseUrl = `http://127.0.0.1:${port}`;
  // The ready line and the sign-in note are one write (scripts/start.mjs).
  if (!server.output().includes("admin@herald.local")) {
    throw new Error(`npm start did not print the demo credentials on first run:\n${server.output()}`);
  }
  project.provide("baseUrl", baseUrl);
  project.provide("staffCookies", await signInDemoStaff(baseUrl));
  return async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  };
}

async function signInDemoStaff(baseUrl: string): Promise<Record<StaffRole, string>> {
  const [admin, operator, viewer] = await Promise.all(
    (["admin", "operator", "viewer"] as const).map((role) => signInOverHttp(baseUrl, `${role}@herald.local`, DEMO_PASSWORD)),
  );
  return { admin: admin!, operator: operator!, viewer: viewer! };
}
