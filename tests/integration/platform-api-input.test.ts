import { inspect } from "node:util";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { communications, customers, documents } from "@/db/schema";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { createApiKey } from "@/lib/auth/api-keys";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { type PlatformApi, platformApiClient } from "../support/platform-api-client";
import { routeFetch } from "../support/platform-api-routes";
import type { components } from "../support/platform-api-types";
import { testSecrets } from "../support/provider-requests";
import { attemptsOf, INVOICE_DATA, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// Bad input through the platform API's real route handlers: what used to answer 500 or was
// silently dropped is refused with a 4xx naming the field, writes nothing, and a database
// failure never logs the customer data of its query.

let database: TestDatabase;
let api: PlatformApi;
let secret: string;

const BASE = "http://herald.test";
type CreateBody = components["schemas"]["CreateCommunicationRequest"];

beforeAll(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  provideDatabase(database);
  provideSendingDeps(testSendingDeps(database.db, await testSecrets()));
  registerEmbeddedFunctions();
  secret = (await createApiKey(database.db, { name: "Billing", scopes: ["send", "read"], createdBy: "test" })).secret;
  api = platformApiClient(secret, { baseUrl: BASE, fetch: routeFetch });
});
beforeEach(() => stubEmbeddedEnv());
afterAll(async () => {
  await drainLocalRunner();
  await settleSandboxWebhooks();
  await database.close();
});

function body(reference = `INV-${crypto.randomUUID().slice(0, 8)}`): CreateBody {
  return {
    subject: { type: "invoice", reference },
    customer: { reference: `CUST-${reference}`, name: "Acme SARL", email: "billing@acme.example", postalAddress: PARIS_ADDRESS },
    category: "invoice",
    templateData: INVOICE_DATA,
    documents: [{ filename: "invoice.pdf", contentType: "application/pdf", contentBase64: "JVBERi0xLjQK" }],
  };
}

const post = (raw: unknown, headers: Record<string, string> = {}) =>
  api.POST("/api/v1/communications", { body: {} as CreateBody, bodySerializer: () => JSON.stringify(raw), headers });

async function rowCounts() {
  const counts = await Promise.all([communications, customers, documents].map((table) => database.db.select({ n: count() }).from(table)));
  return counts.map(([row]) => row!.n);
}

describe("platform API input", () => {
  it("a NUL character in any string field is a 422 naming the field, and nothing is written", async () => {
    const before = await rowCounts();
    const base = body();
    const nul = (field: string) => `${field}: must not contain the NUL character (\\u0000)`;
    const cases: [expected: string, raw: unknown][] = [
      [nul("subject.reference"), { ...base, subject: { ...base.subject, reference: "INV-\u0000-1" } }],
      [nul("customer.reference"), { ...base, customer: { ...base.customer, reference: "CUST\u0000" } }],
      [nul("customer.name"), { ...base, customer: { ...base.customer, name: "Acme\u0000SARL" } }],
      [nul("customer.email"), { ...base, customer: { ...base.customer, email: "billing\u0000@acme.example" } }],
      [
        nul("customer.postalAddress.city"),
        { ...base, customer: { ...base.customer, postalAddress: { ...PARIS_ADDRESS, city: "Paris\u0000" } } },
      ],
      [nul("customer.reference"), { ...base, customer: { reference: "\u0000" } }],
      [nul("templateData.invoiceNumber"), { ...base, templateData: { ...INVOICE_DATA, invoiceNumber: "INV\u0000" } }],
      [
        nul("templateData.lines.0.description"),
        { ...base, templateData: { ...INVOICE_DATA, lines: [{ ...INVOICE_DATA.lines[0], description: "\u0000" }] } },
      ],
      [
        "templateData.a\\u0000b: the key must not contain the NUL character (\\u0000)",
        { ...base, templateData: { ...INVOICE_DATA, "a\u0000b": 1 } },
      ],
      [nul("documents.0.filename"), { ...base, documents: [{ ...base.documents![0]!, filename: "invoice\u0000.pdf" }] }],
      [nul("documents.0.contentType"), { ...base, documents: [{ ...base.documents![0]!, contentType: "application/pdf\u0000" }] }],
    ];
    for (const [expected, raw] of cases) {
      const { response, error } = await post(raw);
      expect(response.status, expected).toBe(422);
      expect(error!.error.code, expected).toBe("invalid_request");
      expect(error!.error.message, expected).toContain(expected);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("refuses __proto__ and unknown keys in templateData, naming the key, instead of dropping them", async () => {
    const before = await rowCounts();
    const proto = await post(
      JSON.parse(`{"subject":{"type":"invoice","reference":"INV-P1"},"customer":{"reference":"C-P1","name":"Acme"},
      "category":"invoice","templateData":{"__proto__":{"amountCents":1},"amountCents":5,"issueDate":"2026-11-01","dueDate":"2026-11-30"}}`),
    );
    expect([proto.response.status, proto.error!.error.code]).toEqual([422, "invalid_request"]);
    expect(proto.error!.error.message).toContain('templateData.__proto__: "__proto__" is not an accepted key');

    const unknown = await post({ ...body(), templateData: { ...INVOICE_DATA, discountCode: "WELCOME" } });
    expect([unknown.response.status, unknown.error!.error.code]).toEqual([422, "invalid_template_data"]);
    expect(unknown.error!.error.message).toMatch(/Unrecognized key: "discountCode"/);
    expect(await rowCounts()).toEqual(before);
  });

  it("a JSON body sent with a non-JSON Content-Type is a 415 saying which to send, on every route with a body", async () => {
    for (const contentType of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "application/json; charset=latin1"]) {
      const { response, error } = await post(body(), { "content-type": contentType });
      expect([response.status, error!.error.code], contentType).toEqual([415, "unsupported_media_type"]);
      expect(error!.error.message).toMatch(/send JSON in UTF-8 with Content-Type: application\/json/);
    }
    const bulk = await api.POST("/api/v1/bulk-sends", {
      body: { communicationIds: [crypto.randomUUID()] },
      headers: { "content-type": "text/plain" },
    });
    expect(bulk.response.status).toBe(415);
    const ok = await post(body(), { "content-type": "application/json; charset=utf-8" });
    expect(ok.response.status).toBe(202);
    await drainLocalRunner();
  });

  it("<script>@x.fr is no e-mail address: the plan skips it and says so", async () => {
    const request = body();
    const { data } = await post({
      ...request,
      customer: { reference: `CUST-XSS-${crypto.randomUUID()}`, name: "Acme", email: "<script>@x.fr" },
    });
    await vi.waitFor(
      async () => {
        await drainLocalRunner();
        const attempts = await attemptsOf(database.db, data!.id);
        expect(attempts.map((a) => [a.channel, a.status])).toEqual([["manual", "manual_required"]]);
        expect(attempts[0]!.errorMessage).toMatch(/e-mail address invalid \(<script>@x\.fr\)/);
      },
      { timeout: 10_000, interval: 50 },
    );
  });

  it("answers 429 with Retry-After once an API key spends HERALD_API_RATE_LIMIT; another key is not affected", async () => {
    stubEmbeddedEnv({ HERALD_API_RATE_LIMIT: "3/60" });
    const limited = platformApiClient((await createApiKey(database.db, { name: "Loop", scopes: ["read"], createdBy: "test" })).secret, {
      baseUrl: BASE,
      fetch: routeFetch,
    });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await limited.GET("/api/v1/communications", { params: { query: { limit: 1 } } })).response.status);
    const refused = await limited.GET("/api/v1/communications/{id}", { params: { path: { id: crypto.randomUUID() } } });
    expect(statuses).toEqual([200, 200, 200]);
    expect([refused.response.status, refused.error!.error.code]).toEqual([429, "rate_limited"]);
    expect(Number(refused.response.headers.get("retry-after"))).toBeGreaterThan(50);
    expect(refused.error!.error.message).toMatch(/API key hld_.*"Loop".* more than 3 requests in 60 seconds .* retry in \d+ seconds/);
    const other = platformApiClient((await createApiKey(database.db, { name: "Other", scopes: ["read"], createdBy: "test" })).secret, {
      baseUrl: BASE,
      fetch: routeFetch,
    });
    expect((await other.GET("/api/v1/communications", { params: { query: { limit: 1 } } })).response.status).toBe(200);
  });

  it("a failed query is logged with the database's message and code, never with the customer data it carried", async () => {
    await database.execRaw(`
      CREATE FUNCTION test_refuse_customer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'customers are read-only in this test' USING ERRCODE = 'P0001'; END $$;
      CREATE TRIGGER test_refuse_customer BEFORE INSERT ON customers FOR EACH ROW EXECUTE FUNCTION test_refuse_customer();`);
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const request = body();
      const personal = { reference: "CUST-SECRET-7731", name: "Jeanne Dupont-Secret", email: "jeanne.secret@example.fr" };
      const { response, error } = await post({ ...request, customer: { ...request.customer, ...personal } });
      expect([response.status, error!.error.code]).toEqual([500, "internal_error"]);
      const output = logged.mock.calls.map((args) => args.map((arg) => inspect(arg, { depth: 10 })).join(" ")).join("\n");
      expect(output).toContain("(SQLSTATE P0001): customers are read-only in this test");
      for (const value of Object.values(personal)) expect(output).not.toContain(value);
    } finally {
      logged.mockRestore();
      await database.execRaw("DROP TRIGGER test_refuse_customer ON customers; DROP FUNCTION test_refuse_customer();");
    }
  });
});
