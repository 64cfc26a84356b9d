import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, openDatabase } from "@/db/client";
import { attempts, jobOutbox, providerEvents, webhookInbox } from "@/db/schema";
import { twilioCallback } from "@/lib/providers/sandbox/webhook-payloads";
import { createAttempt } from "../support/attempt-factory";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { createApiKey } from "@/lib/auth/api-keys";
import { isCI } from "../support/environment";
import { TEST_SANDBOX_SEED } from "../support/provider-requests";
import { type NextServer, startNextServer, waitUntil } from "../support/next-server";
import { startNeonWsProxy } from "../support/neon-ws-proxy";
import { createPostgresInstallation, isPostgresReachable, type PostgresInstallation } from "./support/instances";

// Two `next start` processes of the suite's build on one real Postgres — as two instances
// behind a load balancer — connected as the app role, one through node-postgres and one
// through the Neon serverless driver (over a local WebSocket proxy, as Neon's edge would
// carry it), after `npm start`'s database step migrated as the owner role and created the
// first admin. Whatever instance a request
// reaches, a locked account stays locked, one client's failed sign-ins and one API key's
// requests are one budget; and each instance says at start that its embedded job runner
// makes it single-instance.

const reachable = isCI || (await isPostgresReachable());
if (!reachable) console.warn("\n⚠ tests/e2e/instances.test.ts NOT RUN: no Postgres (set TEST_POSTGRES_URL). CI=true makes it mandatory.\n");

const ADMIN = { email: "ops@herald.test", password: "instances-admin-password" };
const ENV = {
  BETTER_AUTH_SECRET: "3f1e0c9a7b5d4e2f8a6c1b0d9e7f5a3c2b1d0e9f8a7c6b5d4e3f2a1b0c9d8e7f",
  HERALD_ADMIN_EMAIL: ADMIN.email,
  HERALD_ADMIN_PASSWORD: ADMIN.password,
  HERALD_SANDBOX_SEED: TEST_SANDBOX_SEED,
  HERALD_SIGN_IN_RATE_LIMIT: "3/60",
  HERALD_API_RATE_LIMIT: "5/60",
  DATABASE_DRIVER: "",
  HERALD_PUBLIC_URL: "",
  INNGEST_EVENT_KEY: "",
  INNGEST_SIGNING_KEY: "",
  INNGEST_DEV: "",
};

let installation: PostgresInstallation;
let servers: NextServer[] = [];
let database: Database;
let proxy: { port: number; close: () => Promise<void> };

describe.skipIf(!reachable)("two next start instances on one Postgres", () => {
  beforeAll(async () => {
    installation = await createPostgresInstallation(ENV);
    proxy = await startNeonWsProxy();
    const drivers: Record<string, string>[] = [
      { DATABASE_DRIVER: "pg" },
      { DATABASE_DRIVER: "neon", NEON_WS_PROXY: `127.0.0.1:${proxy.port}/v1` },
    ];
    servers = await Promise.all(
      drivers.map((driver) =>
        startNextServer({ env: { ...ENV, ...driver, DATABASE_URL: installation.appUrl, DATABASE_MIGRATION_URL: "" } }),
      ),
    );
    database = await openDatabase({ driver: "pg", url: installation.appUrl });
  }, 180_000);
  afterAll(async () => {
    await database?.close();
    await Promise.all(servers.map((server) => server.stop()));
    await proxy?.close();
    await installation?.drop();
  });

  let clientIp = 0;
  const signIn = (server: NextServer, body: { email: string; password: string }, ip = `203.0.113.${++clientIp}`) =>
    fetch(`${server.baseUrl}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: server.baseUrl, "x-forwarded-for": ip },
      body: JSON.stringify(body),
    });

  it("npm start's database step migrated as the owner and created the admin as the app role; each server warns it is single-instance", async () => {
    for (const server of servers) {
      expect(server.output()).toMatch(
        /jobs run in this process \(no INNGEST_EVENT_KEY or INNGEST_DEV\): run one instance only on this database/,
      );
    }
    expect((await signIn(servers[1]!, ADMIN)).status).toBe(200);
  });

  it("failed sign-ins from one client are counted across both servers", async () => {
    const ip = "203.0.113.200";
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await signIn(servers[i % 2]!, { email: `guess-${i}@herald.test`, password: "guess-password-1" }, ip)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
  });

  it("an account locked through both servers is locked on each, even with the right password", async () => {
    for (let i = 0; i < 10; i++) expect((await signIn(servers[i % 2]!, { ...ADMIN, password: `wrong-password-${i}` })).status).toBe(401);
    for (const server of servers) {
      const locked = await signIn(server, ADMIN);
      expect(locked.status).toBe(429);
      expect(((await locked.json()) as { message: string }).message).toMatch(/for this account: try again in 15 minutes/);
    }
  });

  it("an API key's requests are one budget across both servers: 429 with Retry-After past HERALD_API_RATE_LIMIT", async () => {
    const { secret } = await createApiKey(database.db, { name: "Billing", scopes: ["read"], createdBy: "test", actorType: "system" });
    const responses: Response[] = [];
    for (let i = 0; i < 8; i++) {
      responses.push(
        await fetch(`${servers[i % 2]!.baseUrl}/api/v1/communications?limit=1`, { headers: { authorization: `Bearer ${secret}` } }),
      );
    }
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
    const refused = responses.at(-1)!;
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({
      error: { code: "rate_limited", message: expect.stringMatching(/HERALD_API_RATE_LIMIT/) },
    });
  });

  // Applied in the request (200), or stored and applied right behind it (the inbox, 202).
  it.each([
    ["webhooks", 200, "SM1"],
    ["webhook-inbox", 202, "SM2"],
  ] as const)(
    "a webhook storm to /api/%s split across both servers, every event posted to each: the statuses one server would reach, nothing twice",
    async (route, answer, prefix) => {
      const secrets = await testSecrets();
      const storm = await Promise.all(
        Array.from({ length: 40 }, async (_, index) => {
          const sid = `${prefix}${index.toString().padStart(31, "0")}`;
          const attempt = await createAttempt(database.db, { provider: "twilio", providerMessageId: sid, status: "accepted" });
          const bounces = index % 4 === 0;
          return { ...attempt, sid, bounces, callbacks: bounces ? [["sent"], ["undelivered", "30003"]] : [["sent"], ["delivered"]] };
        }),
      );
      // Every callback to both servers, shuffled (a fixed seed) so attempts and servers interleave.
      const posts = storm.flatMap(({ sid, callbacks }) =>
        callbacks.flatMap(([status, code]) => servers.map((server) => ({ server, sid, status, code }))),
      );
      let seed = 7;
      for (let i = posts.length - 1; i > 0; i--) {
        seed = (seed * 48_271) % 2_147_483_647;
        const j = seed % (i + 1);
        [posts[i], posts[j]] = [posts[j]!, posts[i]!];
      }
      const answers: number[] = [];
      for (let i = 0; i < posts.length; i += 8) {
        const batch = posts.slice(i, i + 8).map(async ({ server, sid, status, code }) => {
          const url = `${server.baseUrl}/api/${route}/twilio`;
          const request = await signedWebhookRequest("twilio", { form: twilioCallback(sid, status!, code) }, { secrets, url });
          return (await fetch(request)).status;
        });
        answers.push(...(await Promise.all(batch)));
      }
      expect(answers.filter((status) => status !== answer)).toEqual([]);

      const ids = storm.map((attempt) => attempt.attemptId);
      const expected = storm.map(({ attemptId, bounces }) => [attemptId, bounces ? "failed" : "delivered"]);
      const statuses = async () => {
        const rows = await database.db.select().from(attempts).where(inArray(attempts.id, ids));
        const statusOf = new Map(rows.map((row) => [row.id, row.status]));
        return storm.map(({ attemptId }) => [attemptId, statusOf.get(attemptId)]);
      };
      // The inbox applies behind the answers: within moments, not minutes (the cron's safety
      // net). The statuses can be final while the inbox still holds a copy the other server's
      // drain already applied: it is empty only once both drains are done.
      const inboxEmpty = async () => (await database.db.select().from(webhookInbox)).length === 0;
      await waitUntil(
        async () => (await inboxEmpty()) && JSON.stringify(await statuses()) === JSON.stringify(expected),
        10_000,
        "the storm's statuses and an empty inbox",
      );
      expect(await statuses()).toEqual(expected);
      expect(await database.db.select().from(webhookInbox)).toEqual([]);
      // Each event stored once, whichever server took it first.
      const stored = await database.db.select().from(providerEvents).where(inArray(providerEvents.attemptId, ids));
      expect(stored).toHaveLength(storm.length * 2);
      // One fallback job per bounce, queued with it.
      for (const { attemptId, bounces } of storm) {
        const jobs = await database.db
          .select()
          .from(jobOutbox)
          .where(eq(jobOutbox.dedupeKey, `attempt-failed:${attemptId}:failed`));
        expect(jobs).toHaveLength(bounces ? 1 : 0);
      }
    },
  );
});
