import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { listStaff } from "@/db/queries/staff";
import { staffUsers } from "@/db/schema";
import { getAuth } from "@/lib/auth/auth";
import { resolveAuthSecret } from "@/lib/auth/secret";
import { DEMO_PASSWORD, describeInitialStaff, ensureInitialStaff } from "@/lib/auth/staff-accounts";
import { readEnv } from "@/lib/env";
import { authRequest } from "../support/staff-sessions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

let database: TestDatabase;

beforeEach(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  provideDatabase(database);
});
afterEach(() => database.close());

describe("the first staff accounts", () => {
  it("embedded: creates the demo admin, operator and viewer once, whose printed credentials sign in", async () => {
    const outcome = await ensureInitialStaff(await getAuth(), database.db, { embedded: true, env: readEnv() });
    expect(describeInitialStaff(outcome)).toContain(`admin@herald.local  /  ${DEMO_PASSWORD}`);
    expect((await listStaff(database.db)).map((s) => [s.email, s.role])).toEqual([
      ["admin@herald.local", "admin"],
      ["operator@herald.local", "operator"],
      ["viewer@herald.local", "viewer"],
    ]);
    expect((await authRequest("/sign-in/email", { email: "admin@herald.local", password: DEMO_PASSWORD })).status).toBe(200);
    expect(await ensureInitialStaff(await getAuth(), database.db, { embedded: true, env: readEnv() })).toEqual({ kind: "existing" });
  });

  it("with an external database: never a default password — the admin comes from HERALD_ADMIN_EMAIL / _PASSWORD, or nobody", async () => {
    const none = await ensureInitialStaff(await getAuth(), database.db, { embedded: false, env: readEnv() });
    expect(none).toEqual({ kind: "none" });
    expect(describeInitialStaff(none)).toMatch(/HERALD_ADMIN_EMAIL.*staff:create/);
    expect(await database.db.select().from(staffUsers)).toEqual([]);

    const env = readEnv({ ...process.env, HERALD_ADMIN_EMAIL: "ops@example.com", HERALD_ADMIN_PASSWORD: "a-strong-first-password" });
    expect(await ensureInitialStaff(await getAuth(), database.db, { embedded: false, env })).toEqual({
      kind: "admin-from-env",
      email: "ops@example.com",
    });
    expect((await listStaff(database.db)).map((s) => [s.email, s.role])).toEqual([["ops@example.com", "admin"]]);
    expect((await authRequest("/sign-in/email", { email: "ops@example.com", password: "a-strong-first-password" })).status).toBe(200);
  });

  it("requires BETTER_AUTH_SECRET with DATABASE_URL, and derives a stable one per installation otherwise", async () => {
    const external = { DATABASE_URL: "postgres://db.example/herald" };
    await expect(resolveAuthSecret(readEnv(), external)).rejects.toThrow(/BETTER_AUTH_SECRET is not set/);
    const secret = "x".repeat(40);
    expect(await resolveAuthSecret(readEnv({ ...process.env, BETTER_AUTH_SECRET: secret }), external)).toBe(secret);
    const derived = await resolveAuthSecret(readEnv(), {});
    expect(derived).toMatch(/^[0-9a-f]{64}$/);
    expect(await resolveAuthSecret(readEnv(), {})).toBe(derived);
  });
});
