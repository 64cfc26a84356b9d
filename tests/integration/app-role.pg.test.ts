import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appRoleSql } from "@/db/app-role";
import { type Database, provideDatabase } from "@/db/client";
import { purgeExpiredRateLimits } from "@/db/queries/rate-limits";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { createApiKey } from "@/lib/auth/api-keys";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { createAttempt, readAttempt } from "../support/attempt-factory";
import { platformApiClient } from "../support/platform-api-client";
import { routeFetch } from "../support/platform-api-routes";
import { testSecrets } from "../support/provider-requests";
import { INVOICE_DATA, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import { signedInStaff } from "../support/staff-sessions";
import { POSTGRES_ADMIN_URL } from "../support/test-database-context";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Least privilege on real Postgres: the migrations ran as the owner (here the superuser
// that migrated the template); the app role is created with the SQL `npm run db:app-role`
// prints (db/app-role.ts) and the app connects as it, through the Neon driver. It runs
// Herald as usual — and cannot rewrite a sent attempt by any of the owner's or superuser's
// means: session_replication_role, disabling or dropping the trigger, replacing its function.

let database: TestDatabase;
let app: Database;
let role: string;

beforeAll(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  role = `herald_app_${randomBytes(4).toString("hex")}`;
  await database.execRaw(appRoleSql(role));
  app = await database.postgres!.openInstance({ user: role });
});
afterAll(async () => {
  await drainLocalRunner();
  await settleSandboxWebhooks();
  await app.close();
  await database.close();
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`DROP ROLE IF EXISTS ${role}`);
  await admin.end();
});

/** A plain connection as the app role, for what no app code would ever send. */
async function asAppRole<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(database.postgres!.url);
  url.username = role;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

describe("the app role", () => {
  it("owns nothing and has no attribute that bypasses the database's rules", async () => {
    const attributes = await asAppRole((client) =>
      client.query(
        `SELECT rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls, rolcanlogin FROM pg_roles WHERE rolname = current_user`,
      ),
    );
    expect(attributes.rows).toEqual([
      { rolsuper: false, rolcreaterole: false, rolcreatedb: false, rolreplication: false, rolbypassrls: false, rolcanlogin: true },
    ]);
    const owned = await asAppRole((client) =>
      client.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM pg_class WHERE relowner = r.oid) + (SELECT count(*) FROM pg_proc WHERE proowner = r.oid)
              + (SELECT count(*) FROM pg_namespace WHERE nspowner = r.oid) + (SELECT count(*) FROM pg_type WHERE typowner = r.oid) AS n
         FROM pg_roles r WHERE rolname = current_user`,
      ),
    );
    expect(Number(owned.rows[0]!.n)).toBe(0);
  });

  it("runs Herald's normal writes: API key, API request, send, provider webhooks, sign-in, purge", async () => {
    provideDatabase(app);
    provideSendingDeps(testSendingDeps(app.db, await testSecrets()));
    registerEmbeddedFunctions();
    const { secret } = await createApiKey(app.db, { name: "Billing", scopes: ["send", "read"], createdBy: "test" });
    const api = platformApiClient(secret, { baseUrl: "http://herald.test", fetch: routeFetch });
    const created = await api.POST("/api/v1/communications", {
      body: {
        subject: { type: "invoice", reference: "INV-ROLE-1" },
        customer: { reference: "CUST-ROLE-1", name: "Acme SARL", email: "bounced@acme.example", postalAddress: PARIS_ADDRESS },
        category: "invoice",
        templateData: INVOICE_DATA,
      },
    });
    expect(created.response.status).toBe(202);
    await vi.waitFor(
      async () => {
        await drainLocalRunner();
        await settleSandboxWebhooks();
        const { data } = await api.GET("/api/v1/communications/{id}", { params: { path: { id: created.data!.id } } });
        expect(data!.attempts.map((a) => [a.channel, a.status])).toEqual([
          ["email", "failed"],
          ["post", "delivered"],
        ]);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect((await signedInStaff(app.db, "admin")).cookie).toContain("session_token");
    await expect(purgeExpiredRateLimits(app.db)).resolves.toBeGreaterThanOrEqual(0);
  });

  it("cannot UPDATE sent content, even after trying SET session_replication_role = replica", async () => {
    const { attemptId } = await createAttempt(app.db, { provider: "resend", providerMessageId: `role-${randomBytes(4).toString("hex")}` });
    const refusals = await asAppRole(async (client) => {
      const refused = async (statement: string) => ((await client.query(statement).catch((error: Error) => error)) as Error).message;
      return {
        replicationRole: await refused("SET session_replication_role = replica"),
        replicationRoleLocal: await refused("BEGIN; SET LOCAL session_replication_role = replica"),
        afterRollback: await client
          .query("ROLLBACK")
          .then(() => refused(`UPDATE attempts SET body_text = 'edited' WHERE id = '${attemptId}'`)),
        replicationRoleNow: (await client.query<{ session_replication_role: string }>("SHOW session_replication_role")).rows[0]!
          .session_replication_role,
        disableTrigger: await refused("ALTER TABLE attempts DISABLE TRIGGER attempts_immutable"),
        disableAllTriggers: await refused("ALTER TABLE attempts DISABLE TRIGGER ALL"),
        dropTrigger: await refused("DROP TRIGGER attempts_immutable ON attempts"),
        replaceFunction: await refused(
          "CREATE OR REPLACE FUNCTION herald_refuse_attempt_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
        ),
        delete: await refused(`DELETE FROM attempts WHERE id = '${attemptId}'`),
        truncate: await refused("TRUNCATE attempts CASCADE"),
        createTable: await refused("CREATE TABLE attempts_copy (id uuid)"),
        becomeOwner: await refused("SET ROLE postgres"),
      };
    });
    expect(refusals).toEqual({
      replicationRole: expect.stringMatching(/permission denied to set parameter "session_replication_role"/),
      replicationRoleLocal: expect.stringMatching(/permission denied to set parameter "session_replication_role"/),
      afterRollback: expect.stringMatching(/attempts are immutable: the content snapshot/),
      replicationRoleNow: "origin",
      disableTrigger: expect.stringMatching(/must be owner of table attempts/),
      disableAllTriggers: expect.stringMatching(/must be owner of table attempts/),
      dropTrigger: expect.stringMatching(/must be owner of (table|relation) attempts/),
      replaceFunction: expect.stringMatching(/permission denied for schema public|must be owner of function herald_refuse_attempt_change/),
      delete: expect.stringMatching(/attempts are immutable: DELETE of attempt/),
      truncate: expect.stringMatching(/permission denied for table attempts/),
      createTable: expect.stringMatching(/permission denied for schema public/),
      becomeOwner: expect.stringMatching(/permission denied to set role "postgres"/),
    });
    expect(await readAttempt(app.db, attemptId)).toMatchObject({ bodyText: "Please find your invoice attached." });
    // What the role takes away: the superuser the app used to connect as rewrites it at will.
    await database.execRaw(`SET session_replication_role = replica; UPDATE attempts SET body_text = 'edited' WHERE id = '${attemptId}'`);
    expect(await readAttempt(app.db, attemptId)).toMatchObject({ bodyText: "edited" });
  });
});
