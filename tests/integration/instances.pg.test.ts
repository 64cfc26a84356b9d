import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/db/client";
import { readRateLimit } from "@/db/queries/rate-limits";
import { authenticateApiKey, createApiKey } from "@/lib/auth/api-keys";
import { type Auth, authOptionsFromEnv, createAuth } from "@/lib/auth/auth";
import { createStaffAccount } from "@/lib/auth/staff-accounts";
import { HeraldError } from "@/lib/errors";
import { cookieFrom, TEST_ORIGIN, TEST_PASSWORD } from "../support/staff-sessions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Two app instances on one Postgres: each with its own connection pool and its own auth
// instance, as two `next start` processes behind a load balancer have. Whatever instance a
// request reaches, the sign-in lock-out, the per-IP failure limit, better-auth's request
// limits and the per-API-key limit are one budget — also for requests arriving at once.

let database: TestDatabase;
let second: Database;
let instances: [Auth, Auth];

beforeAll(async () => {
  stubEmbeddedEnv({ HERALD_SIGN_IN_RATE_LIMIT: "3/60", HERALD_API_RATE_LIMIT: "5/60" });
  database = await openTestDatabase();
  second = await database.postgres!.openInstance();
  const options = await authOptionsFromEnv();
  instances = [createAuth(database.db, options), createAuth(second.db, options)];
});
afterAll(async () => {
  await second.close();
  await database.close();
});

let clientIp = 0;
const newIp = () => `198.51.100.${++clientIp}`;

function post(auth: Auth, path: string, body: unknown, options: { ip: string; cookie?: string }): Promise<Response> {
  return auth.handler(
    new Request(`${TEST_ORIGIN}/api/auth${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: TEST_ORIGIN,
        "x-forwarded-for": options.ip,
        ...(options.cookie ? { cookie: options.cookie } : {}),
      },
      body: JSON.stringify(body),
    }),
  );
}

async function newStaff(): Promise<string> {
  const email = `instances-${crypto.randomUUID().slice(0, 8)}@herald.test`;
  await createStaffAccount(instances[0], database.db, {
    email,
    name: "Two instances",
    role: "viewer",
    password: TEST_PASSWORD,
    createdBy: "test",
  });
  return email;
}

const statusCounts = (statuses: number[]) =>
  Object.fromEntries([...new Set(statuses)].sort().map((s) => [s, statuses.filter((x) => x === s).length]));

describe("two instances, one database", () => {
  it("an account locked by failures on both instances is locked on each, with the right password too", async () => {
    const email = await newStaff();
    for (let i = 0; i < 10; i++) {
      const response = await post(instances[i % 2]!, "/sign-in/email", { email, password: `wrong-password-${i}` }, { ip: newIp() });
      expect(response.status, `failure ${i + 1}`).toBe(401);
    }
    for (const auth of instances) {
      const locked = await post(auth, "/sign-in/email", { email, password: TEST_PASSWORD }, { ip: newIp() });
      expect(locked.status).toBe(429);
      expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
      expect(((await locked.json()) as { message: string }).message).toMatch(/for this account: try again in 15 minutes/);
    }
  });

  it("failed sign-ins from one IP arriving at once on both instances: exactly the limit is judged, the rest is 429", async () => {
    const ip = newIp();
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(instances[i % 2]!, "/sign-in/email", { email: `guess-${i}@herald.test`, password: `guess-${i}-password` }, { ip }),
      ),
    );
    expect(statusCounts(responses.map((r) => r.status))).toEqual({ 401: 3, 429: 9 });
    // The limit holds afterwards on either instance, and another client is not affected.
    for (const auth of instances) {
      expect((await post(auth, "/sign-in/email", { email: "late@herald.test", password: "late-password-1" }, { ip })).status).toBe(429);
    }
    expect(
      (await post(instances[1], "/sign-in/email", { email: "late@herald.test", password: "late-password-1" }, { ip: newIp() })).status,
    ).toBe(401);
  });

  it("a successful sign-in on one instance is not counted by the other", async () => {
    const email = await newStaff();
    const ip = newIp();
    for (const auth of instances)
      expect((await post(auth, "/sign-in/email", { email, password: "typo-password-1" }, { ip })).status).toBe(401);
    expect((await post(instances[1], "/sign-in/email", { email, password: TEST_PASSWORD }, { ip })).status).toBe(200);
    expect((await post(instances[0], "/sign-in/email", { email, password: "typo-password-2" }, { ip })).status).toBe(401);
    expect((await post(instances[1], "/sign-in/email", { email, password: "typo-password-3" }, { ip })).status).toBe(429);
  });

  it("better-auth's request limit (5 password changes a minute) is one budget across instances", async () => {
    const email = await newStaff();
    const ip = newIp();
    const cookie = cookieFrom(await post(instances[0], "/sign-in/email", { email, password: TEST_PASSWORD }, { ip }));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const body = { currentPassword: `not-my-password-${i}`, newPassword: "a-brand-new-passphrase" };
      statuses.push((await post(instances[i % 2]!, "/change-password", body, { ip, cookie })).status);
    }
    expect(statuses.slice(0, 5).every((status) => status === 400)).toBe(true);
    expect(statuses.slice(5)).toEqual([429, 429, 429]);
    // Counted in the shared table, not in either process's memory.
    expect(await readRateLimit(second.db, { key: `auth:${ip}|/change-password` })).toMatchObject({ count: 8 });
  });

  it("an API key's rate limit (HERALD_API_RATE_LIMIT) holds across instances, also for requests arriving at once", async () => {
    const { secret } = await createApiKey(database.db, { name: "Billing", scopes: ["read"], createdBy: "test" });
    const { secret: otherSecret } = await createApiKey(database.db, { name: "Reporting", scopes: ["read"], createdBy: "test" });
    const request = (key: string) =>
      new Request("http://herald.test/api/v1/communications", { headers: { authorization: `Bearer ${key}` } });
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => authenticateApiKey(request(secret), "read", { db: i % 2 ? second.db : database.db })),
    );
    const refused = results.filter((result) => result.status === "rejected").map((result) => result.reason as HeraldError);
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(5);
    expect(refused).toHaveLength(7);
    for (const error of refused) {
      expect(error).toBeInstanceOf(HeraldError);
      expect([error.status, error.code]).toEqual([429, "rate_limited"]);
      expect(Number(error.headers["retry-after"])).toBeGreaterThan(0);
      expect(error.message).toMatch(/more than 5 requests in 60 seconds .* retry in \d+ seconds?/);
    }
    // Another key has its own budget.
    await expect(authenticateApiKey(request(otherSecret), "read", { db: second.db })).resolves.toMatchObject({ name: "Reporting" });
  });
});
