import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { communications, contactPoints, customers, documents } from "@/db/schema";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { createApiKey } from "@/lib/auth/api-keys";
import { buildOpenApiDocument } from "@/lib/platform-api/openapi";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { type PlatformApi, platformApiClient } from "../support/platform-api-client";
import { routeFetch } from "../support/platform-api-routes";
import type { components, paths } from "../support/platform-api-types";
import { testSecrets } from "../support/provider-requests";
import { INVOICE_DATA, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// The platform API through its route handlers, on the test database, with the embedded
// engine and sandbox providers behind it. Calls go through the typed client generated from
// the OpenAPI document, which also checks every answer against its zod schema.

let database: TestDatabase;
let api: PlatformApi;
let reader: PlatformApi;

const BASE = "http://herald.test";
const client = (key: string | null) => platformApiClient(key, { baseUrl: BASE, fetch: routeFetch });

beforeAll(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  provideDatabase(database);
  provideSendingDeps(testSendingDeps(database.db, await testSecrets()));
  registerEmbeddedFunctions();
  api = client((await createApiKey(database.db, { name: "Billing", scopes: ["send", "read"], createdBy: "test" })).secret);
  reader = client((await createApiKey(database.db, { name: "Reporting", scopes: ["read"], createdBy: "test" })).secret);
});
beforeEach(() => stubEmbeddedEnv());
afterAll(() => database.close());

type CreateBody = components["schemas"]["CreateCommunicationRequest"];

function newCommunication(reference = `INV-${crypto.randomUUID().slice(0, 8)}`, email = "billing@acme.example"): CreateBody {
  return {
    subject: { type: "invoice", reference },
    customer: {
      reference: `CUST-${reference}`,
      name: "Acme SARL",
      locale: "fr",
      email,
      mobile: "+33 6 12 34 56 78",
      postalAddress: PARIS_ADDRESS,
    },
    category: "invoice",
    templateData: INVOICE_DATA,
  };
}

/** POSTs a body as is (not JSON-encoded by the client), for requests the contract refuses. */
const postRaw = (rawBody: string) => api.POST("/api/v1/communications", { body: {} as CreateBody, bodySerializer: () => rawBody });

const detail = (id: string) => reader.GET("/api/v1/communications/{id}", { params: { path: { id } } });

async function rowCounts() {
  const [c] = await database.db.select({ n: count() }).from(communications);
  const [u] = await database.db.select({ n: count() }).from(customers);
  const [p] = await database.db.select({ n: count() }).from(contactPoints);
  const [d] = await database.db.select({ n: count() }).from(documents);
  return { communications: c!.n, customers: u!.n, contactPoints: p!.n, documents: d!.n };
}

describe("platform API", () => {
  it("acceptance: POST a communication for a customer whose e-mail bounces; GET shows the Failed e-mail then the Delivered fallback", async () => {
    const created = await api.POST("/api/v1/communications", { body: newCommunication(undefined, "bounced@acme.example") });
    expect(created.response.status).toBe(202);
    const { id } = created.data!;
    expect(created.data).toMatchObject({ status: "queued", statusUrl: `${BASE}/api/v1/communications/${id}` });
    expect(created.response.headers.get("location")).toBe(`/api/v1/communications/${id}`);

    await vi.waitFor(
      async () => {
        await drainLocalRunner();
        await settleSandboxWebhooks();
        const { data } = await detail(id);
        expect(data!.attempts.map((a) => [a.kind, a.channel, a.status, a.statusLabel])).toEqual([
          ["first", "email", "failed", "Bounced"],
          ["fallback", "sms", "delivered", "Delivered"],
        ]);
        expect(data!.status).toBe("delivered");
        expect(data!.attempts[0]!.events.length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 30_000, interval: 100 },
    );
  });

  it("Idempotency-Key: 20 concurrent identical POSTs create exactly one communication; a different body with the key is 409", async () => {
    const before = await rowCounts();
    const body = newCommunication();
    const header = { "Idempotency-Key": `order-${crypto.randomUUID()}` };
    const results = await Promise.all(Array.from({ length: 20 }, () => api.POST("/api/v1/communications", { body, params: { header } })));
    const statuses = results.map((result) => result.response.status).sort();
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    expect(results.filter((result) => result.response.headers.get("idempotent-replayed") === "true")).toHaveLength(19);
    expect(new Set(results.map((result) => result.data!.id)).size).toBe(1);
    expect((await rowCounts()).communications).toBe(before.communications + 1);

    const conflict = await api.POST("/api/v1/communications", { body: { ...body, category: "reminder" }, params: { header } });
    expect(conflict.response.status).toBe(409);
    expect(conflict.error!.error).toMatchObject({
      code: "idempotency_key_reused",
      message: expect.stringMatching(/already used for a different request/),
    });
    await drainLocalRunner();
  });

  it("bad bodies — generated, wrong types, huge, unknown customers — answer a listed 4xx code with a message and write nothing", async () => {
    const before = await rowCounts();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.anything(), fc.record({ subject: fc.anything(), customer: fc.anything(), category: fc.string() })),
        async (body) => {
          const { response, error } = await postRaw(JSON.stringify(body) ?? "null");
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
          expect(error!.error.message.length).toBeGreaterThan(10);
        },
      ),
      { numRuns: 150 },
    );
    const cases: [string, string, number, string, RegExp][] = [
      ["not JSON", "{subject:", 400, "invalid_json", /not valid JSON/],
      ["wrong type", JSON.stringify({ ...newCommunication(), category: 42 }), 422, "invalid_request", /category/],
      ["unknown field", JSON.stringify({ ...newCommunication(), sendAt: "tomorrow" }), 422, "invalid_request", /sendAt|Unrecognized/i],
      [
        "unknown customer",
        JSON.stringify({ ...newCommunication(), customer: { reference: "NOBODY-123" } }),
        422,
        "unknown_customer",
        /Unknown customer reference "NOBODY-123"/,
      ],
      [
        "huge",
        JSON.stringify({ ...newCommunication(), templateData: { blob: "x".repeat(11 * 1024 * 1024) } }),
        413,
        "payload_too_large",
        /larger than 10 MB/,
      ],
    ];
    for (const [name, rawBody, status, code, message] of cases) {
      const { response, error } = await postRaw(rawBody);
      expect(response.status, name).toBe(status);
      expect(error!.error, name).toMatchObject({ code, message: expect.stringMatching(message) });
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("scopes: a read key cannot create; no key is 401", async () => {
    const readOnly = await reader.POST("/api/v1/communications", { body: newCommunication() });
    expect([readOnly.response.status, readOnly.error!.error.code]).toEqual([403, "api_key_scope"]);
    const anonymous = await client(null).GET("/api/v1/communications");
    expect([anonymous.response.status, anonymous.error!.error.code]).toEqual([401, "api_key_missing"]);
  });

  it("lists with the documented filters and keyset cursor; refuses an invalid query", async () => {
    const ids = [];
    for (const reference of ["INV-LIST-1", "INV-LIST-2"])
      ids.push((await api.POST("/api/v1/communications", { body: newCommunication(reference) })).data!.id);
    await drainLocalRunner();
    const list = (query: paths["/api/v1/communications"]["get"]["parameters"]["query"]) =>
      reader.GET("/api/v1/communications", { params: { query } });

    const first = await list({ q: "INV-LIST", limit: 1, sort: "oldest" });
    expect(first.data!.data.map((row) => row.id)).toEqual([ids[0]]);
    const second = await list({ q: "INV-LIST", limit: 1, sort: "oldest", cursor: first.data!.nextCursor! });
    expect(second.data!.data.map((row) => row.id)).toEqual([ids[1]]);

    // Lists travel comma-separated, as documented.
    expect((await list({ q: "INV-LIST", channel: ["sms", "post"] })).data!.data).toEqual([]);
    expect(
      (await list({ q: "INV-LIST", channel: ["sms", "email"], status: ["delivered", "queued", "accepted", "sent"] })).data!.data,
    ).toHaveLength(2);

    const invalid = await list({ limit: 0 });
    expect([invalid.response.status, invalid.error!.error.code]).toEqual([400, "invalid_query"]);
    expect(invalid.error!.error.message).toMatch(/limit/);
    await settleSandboxWebhooks();
  });

  it("resends; bulk-sends with progress; 404 for an unknown id; serves the generated OpenAPI document", async () => {
    const { id } = (await api.POST("/api/v1/communications", { body: newCommunication("INV-RESEND-1") })).data!;
    await drainLocalRunner();

    const resent = await api.POST("/api/v1/communications/{id}/resend", { params: { path: { id } }, body: {} });
    expect(resent.response.status).toBe(202);
    expect(resent.data).toMatchObject({ kind: "resend", channel: "email", recipient: "billing@acme.example" });

    const bulk = await api.POST("/api/v1/bulk-sends", { body: { communicationIds: [id] } });
    expect(bulk.response.status).toBe(202);
    expect(bulk.data!.total).toBe(1);
    await drainLocalRunner();
    const progress = await reader.GET("/api/v1/bulk-sends/{id}", { params: { path: { id: bulk.data!.id } } });
    expect(progress.data).toMatchObject({ status: "completed", processed: 1, succeeded: 1 });

    const missing = await detail("not-a-uuid");
    expect([missing.response.status, missing.error!.error.code]).toEqual([404, "communication_not_found"]);

    const served = await routeFetch(
      new Request(`${BASE}/api/v1/openapi.json`, {
        headers: {
          authorization: `Bearer ${(await createApiKey(database.db, { name: "Docs", scopes: ["read"], createdBy: "test" })).secret}`,
        },
      }),
    );
    expect(await served.json()).toEqual({ ...buildOpenApiDocument(), servers: [{ url: BASE }] });
    await drainLocalRunner();
    await settleSandboxWebhooks();
  });
});
