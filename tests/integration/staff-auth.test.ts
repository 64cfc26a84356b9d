import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { provideDatabase } from "@/db/client";
import { auditEvents, staffAccounts, staffUsers } from "@/db/schema";
import { getAuth } from "@/lib/auth/auth";
import { authorizeStaff } from "@/lib/auth/staff-session";
import { HeraldError } from "@/lib/errors";
import { authRequest, cookieFrom, signedInStaff, TEST_ORIGIN, TEST_PASSWORD } from "../support/staff-sessions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
  provideDatabase(database);
});
beforeEach(() => stubEmbeddedEnv({ HERALD_SIGN_IN_RATE_LIMIT: "3/60" }));
afterAll(() => database.close());

describe("staff sign-in", () => {
  it("signs in with e-mail and password into an HTTP-only session cookie, stored hashed-password and audited", async () => {
    const { email, cookie } = await signedInStaff(database.db, "operator");
    const staff = await authorizeStaff(new Headers({ cookie }), "operator");
    expect(staff).toMatchObject({ email, role: "operator", name: "Test operator" });

    const response = await authRequest("/sign-in/email", { email, password: TEST_PASSWORD });
    const setCookie = response.headers.getSetCookie().find((c) => c.startsWith("better-auth.session_token="));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);

    const [account] = await database.db
      .select()
      .from(staffAccounts)
      .innerJoin(staffUsers, eq(staffUsers.id, staffAccounts.userId))
      .where(eq(staffUsers.email, email));
    expect(account!.staff_accounts.password).not.toContain(TEST_PASSWORD);
    const signIns = await database.db.select().from(auditEvents).where(eq(auditEvents.actorId, email));
    expect(signIns.filter((e) => e.action === "staff.signed_in")).toHaveLength(2);
  });

  it("refuses a wrong password or unknown e-mail with 401 and no cookie", async () => {
    const { email } = await signedInStaff(database.db, "viewer");
    for (const body of [
      { email, password: "wrong-password-123" },
      { email: "nobody@herald.test", password: TEST_PASSWORD },
    ]) {
      const response = await authRequest("/sign-in/email", body);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toMatch(/invalid email or password/i);
      expect(cookieFrom(response)).toBe("");
    }
  });

  it("counts successful sign-ins from one IP against no limit: an office signs in together at shift start", async () => {
    const staff = await Promise.all(
      (["viewer", "operator", "admin", "viewer", "operator", "admin"] as const).map((role) => signedInStaff(database.db, role)),
    );
    const statuses: number[] = [];
    for (const { email } of staff)
      statuses.push((await authRequest("/sign-in/email", { email, password: TEST_PASSWORD }, { ip: "192.0.2.20" })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
    // Two typos in the office still leave room for the rest (limit 3 failures here).
    for (let i = 0; i < 2; i++)
      expect(
        (await authRequest("/sign-in/email", { email: staff[0]!.email, password: `typo-${i}-password` }, { ip: "192.0.2.20" })).status,
      ).toBe(401);
    expect((await authRequest("/sign-in/email", { email: staff[1]!.email, password: TEST_PASSWORD }, { ip: "192.0.2.20" })).status).toBe(
      200,
    );
  });

  it("rate-limits failed sign-ins per client IP (HERALD_SIGN_IN_RATE_LIMIT) with 429", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await authRequest("/sign-in/email", { email: "guess@herald.test", password: `guess-${i}-password` }, { ip: "192.0.2.7" })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const refused = await authRequest("/sign-in/email", { email: "guess@herald.test", password: "guess-x-password" }, { ip: "192.0.2.7" });
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /Too many failed sign-ins from this network: try again in \d+ seconds?/,
    );
    // Another client is not affected.
    expect(
      (await authRequest("/sign-in/email", { email: "guess@herald.test", password: "x-password-123" }, { ip: "192.0.2.8" })).status,
    ).toBe(401);
  });

  it("judges only the limit's worth of wrong passwords arriving at once; the rest is 429 with Retry-After", async () => {
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        authRequest("/sign-in/email", { email: `burst-${i}@herald.test`, password: `burst-${i}-password` }, { ip: "192.0.2.9" }),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429]);
    const refused = responses.find((response) => response.status === 429)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("locks one account after 10 wrong passwords, whatever IP they claim, and audits each failure", async () => {
    const { email } = await signedInStaff(database.db, "admin");
    for (let i = 0; i < 10; i++) expect((await authRequest("/sign-in/email", { email, password: `wrong-password-${i}` })).status).toBe(401);
    const locked = await authRequest("/sign-in/email", { email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { message: string }).message).toMatch(
      /Too many failed sign-ins for this account: try again in 15 minutes/,
    );
    const failures = await database.db.select().from(auditEvents).where(eq(auditEvents.actorId, email));
    expect(failures.filter((e) => e.action === "staff.sign_in_failed")).toHaveLength(10);
    // Other accounts are not affected.
    const other = await signedInStaff(database.db, "viewer");
    expect(other.cookie).toContain("session_token");
  });

  it("has no self sign-up: nobody can create an account (or pick a role) through the auth endpoint", async () => {
    const response = await authRequest("/sign-up/email", {
      email: "intruder@herald.test",
      password: TEST_PASSWORD,
      name: "Intruder",
      role: "admin",
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(await database.db.select().from(staffUsers).where(eq(staffUsers.email, "intruder@herald.test"))).toEqual([]);
  });

  it("refuses a cookie-carrying POST from another origin", async () => {
    const { cookie } = await signedInStaff(database.db, "viewer");
    const auth = await getAuth();
    const response = await auth.handler(
      new Request(`${TEST_ORIGIN}/api/auth/sign-out`, {
        method: "POST",
        headers: { cookie, origin: "https://evil.example", "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(403);
    expect(await authorizeStaff(new Headers({ cookie }), "viewer")).toBeTruthy();
  });

  it("signs out: the cookie no longer opens anything", async () => {
    const { cookie } = await signedInStaff(database.db, "admin");
    expect((await authRequest("/sign-out", {}, { cookie })).status).toBe(200);
    const refused = await authorizeStaff(new Headers({ cookie }), "viewer").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HeraldError);
    expect((refused as HeraldError).status).toBe(401);
  });

  it("changes the password: the old one stops working, the new one signs in", async () => {
    const { email, cookie } = await signedInStaff(database.db, "viewer");
    const changed = await authRequest(
      "/change-password",
      { currentPassword: TEST_PASSWORD, newPassword: "a-brand-new-passphrase", revokeOtherSessions: true },
      { cookie },
    );
    expect(changed.status).toBe(200);
    expect((await authRequest("/sign-in/email", { email, password: TEST_PASSWORD })).status).toBe(401);
    expect((await authRequest("/sign-in/email", { email, password: "a-brand-new-passphrase" })).status).toBe(200);
    const wrong = await authRequest(
      "/change-password",
      { currentPassword: "not-my-password-1", newPassword: "another-new-passphrase" },
      { cookie: cookieFrom(changed) },
    );
    expect(wrong.status).toBe(400);
    const audited = await database.db.select().from(auditEvents).where(eq(auditEvents.actorId, email));
    expect(audited.filter((e) => e.action === "staff.password_changed")).toHaveLength(1);
  });
});
