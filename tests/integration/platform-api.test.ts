import fc from "fast-check";
import { count } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { communications, contactPoints, customers, documents } from "@/db/schema";
import { GET as getBulkSend } from "@/app/api/v1/bulk-sends/[id]/route";
import { POST as postBulkSend } from "@/app/api/v1/bulk-sends/route";
import { GET as getCommunication } from "@/app/api/v1/communications/[id]/route";
import { POST as postResend } from "@/app/api/v1/communications/[id]/resend/route";
import { GET as listCommunications, POST as postCommunication } from "@/app/api/v1/communications/route";
import { GET as getOpenApi } from "@/app/api/v1/openapi.json/route";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { createApiKey } from "@/lib/auth/api-keys";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { testSecrets } from "../support/provider-requests";
import { INVOICE_DATA, PARIS_ADDRESS, testSendingDeps } from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// The platform API through its route handlers, on the test database, with the embedded
// engine and sandbox providers behind it.

let database: TestDatabase;
let sendKey: string;
let readKey: string;

beforeAll(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  provideDatabase(database);
  provideSendingDeps(testSendingDeps(database.db, await testSecrets()));
  registerEmbeddedFunctions();
  sendKey = (await createApiKey(database.db, { name: "Billing", scopes: ["send", "read"], createdBy: "test" })).secret;
  readKey = (await createApiKey(database.db, { name: "Reporting", scopes: ["read"], createdBy: "test" })).secret;
});
beforeEach(() => stubEmbeddedEnv());
afterAll(() => database.close());

const BASE = "http://herald.test/api/v1";

function request(path: string, init: { method?: string; body?: unknown; rawBody?: string; key?: string; headers?: Record<string, string> } = {}) {
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return new Request(`${BASE}${path}`, {
    method: init.method ?? (body === undefined ? "GET" : "POST"),
    headers: { authorization: `Bearer ${init.key ?? sendKey}`, "content-type": "application/json", ...init.headers },
    body,
  });
}

const context = (id: string) => ({ params: Promise.resolve({ id }) });

function newCommunication(reference = `INV-${crypto.randomUUID().slice(0, 8)}`, email = "billing@acme.example") {
  return {
    subject: { type: "invoice", reference },
    customer: { reference: `CUST-${reference}`, name: "Acme SARL", locale: "fr", email, mobile: "+33 6 12 34 56 78", postalAddress: PARIS_ADDRESS },
    category: "invoice",
    templateData: INVOICE_DATA,
  };
}

async function rowCounts() {
  const [c] = await database.db.select({ n: count() }).from(communications);
  const [u] = await database.db.select({ n: count() }).from(customers);
  const [p] = await database.db.select({ n: count() }).from(contactPoints);
  const [d] = await database.db.select({ n: count() }).from(documents);
  return { communications: c!.n, customers: u!.n, contactPoints: p!.n, documents: d!.n };
}

describe("platform API", () => {
  it("acceptance: POST a communication for a customer whose e-mail bounces; GET shows the Failed e-mail then the Delivered fallback", async () => {
    const created = await postCommunication(request("/communications", { body: newCommunication(undefined, "bounced@acme.example") }));
    expect(created.status).toBe(202);
    const body = (await created.json()) as { id: string; status: string; statusUrl: string };
    expect(body).toMatchObject({ status: "queued", statusUrl: `http://herald.test/api/v1/communications/${body.id}` });

    await vi.waitFor(
      async () => {
        await drainLocalRunner();
        await settleSandboxWebhooks();
        const status = await getCommunication(request(`/communications/${body.id}`, { key: readKey }), context(body.id));
        const detail = (await status.json()) as { status: string; attempts: { kind: string; channel: string; status: string; statusLabel: string; events: unknown[] }[] };
        expect(detail.attempts.map((a) => [a.kind, a.channel, a.status, a.statusLabel])).toEqual([
          ["first", "email", "failed", "Bounced"],
          ["fallback", "sms", "delivered", "Delivered"],
        ]);
        expect(detail.status).toBe("delivered");
        expect(detail.attempts[0]!.events.length).toBeGreaterThanOrEqual(2);
      },
      { timeout: 15_000, interval: 100 },
    );
  });

  it("Idempotency-Key: 20 concurrent identical POSTs create exactly one communication; a different body with the key is 409", async () => {
    const before = await rowCounts();
    const payload = newCommunication();
    const key = `order-${crypto.randomUUID()}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postCommunication(request("/communications", { body: payload, headers: { "idempotency-key": key } }))),
    );
    const statuses = responses.map((response) => response.status).sort();
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 200)).toHaveLength(19);
    const ids = new Set(await Promise.all(responses.map(async (response) => ((await response.json()) as { id: string }).id)));
    expect(ids.size).toBe(1);
    expect((await rowCounts()).communications).toBe(before.communications + 1);

    const conflict = await postCommunication(request("/communications", { body: { ...payload, category: "reminder" }, headers: { "idempotency-key": key } }));
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: { message: string } }).error.message).toMatch(/already used for a different request/);
    await drainLocalRunner();
  });

  it("bad bodies — generated, wrong types, huge, unknown customers — answer 4xx with a message and write nothing", async () => {
    const before = await rowCounts();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.record({ subject: fc.anything(), customer: fc.anything(), category: fc.string() })), async (body) => {
        const response = await postCommunication(request("/communications", { rawBody: JSON.stringify(body) ?? "null" }));
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(((await response.json()) as { error: { message: string } }).error.message.length).toBeGreaterThan(10);
      }),
      { numRuns: 150 },
    );
    const cases: [string, string, number, RegExp][] = [
      ["not JSON", "{subject:", 400, /not valid JSON/],
      ["wrong type", JSON.stringify({ ...newCommunication(), category: 42 }), 422, /category/],
      ["unknown field", JSON.stringify({ ...newCommunication(), sendAt: "tomorrow" }), 422, /sendAt|Unrecognized/i],
      ["unknown customer", JSON.stringify({ ...newCommunication(), customer: { reference: "NOBODY-123" } }), 422, /Unknown customer reference "NOBODY-123"/],
      ["huge", JSON.stringify({ ...newCommunication(), templateData: { blob: "x".repeat(11 * 1024 * 1024) } }), 413, /larger than 10 MB/],
    ];
    for (const [, rawBody, status, message] of cases) {
      const response = await postCommunication(request("/communications", { rawBody }));
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    expect(await rowCounts()).toEqual(before);
  });

  it("scopes: a read key cannot create; no key is 401", async () => {
    const readOnly = await postCommunication(request("/communications", { body: newCommunication(), key: readKey }));
    expect(readOnly.status).toBe(403);
    const anonymous = await listCommunications(new Request(`${BASE}/communications`));
    expect(anonymous.status).toBe(401);
  });

  it("lists with the page's filters and keyset cursor; resends; bulk-sends with progress; serves the OpenAPI document", async () => {
    const created = (await (await postCommunication(request("/communications", { body: newCommunication("INV-LIST-1") }))).json()) as { id: string };
    await drainLocalRunner();
    const list = await listCommunications(request("/communications?q=INV-LIST-1&limit=1", { key: readKey }));
    const page = (await list.json()) as { data: { id: string }[]; nextCursor: string | null };
    expect(page.data.map((row) => row.id)).toEqual([created.id]);

    const resent = await postResend(request(`/communications/${created.id}/resend`, { body: {} }), context(created.id));
    expect(resent.status).toBe(202);
    expect(await resent.json()).toMatchObject({ kind: "resend", channel: "email", recipient: "billing@acme.example" });

    const bulk = await postBulkSend(request("/bulk-sends", { body: { communicationIds: [created.id] } }));
    expect(bulk.status).toBe(202);
    const job = (await bulk.json()) as { id: string; total: number };
    expect(job.total).toBe(1);
    await drainLocalRunner();
    const progress = await (await getBulkSend(request(`/bulk-sends/${job.id}`, { key: readKey }), context(job.id))).json();
    expect(progress).toMatchObject({ status: "completed", processed: 1, succeeded: 1 });

    const missing = await getCommunication(request("/communications/not-a-uuid", { key: readKey }), context("not-a-uuid"));
    expect(missing.status).toBe(404);

    const openapi = (await (await getOpenApi(request("/openapi.json", { key: readKey }))).json()) as { openapi: string; paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: { properties: object } }> } } }> };
    expect(openapi.openapi).toBe("3.1.0");
    expect(Object.keys(openapi.paths["/api/v1/communications"]!.post!.requestBody!.content["application/json"]!.schema.properties)).toEqual(
      expect.arrayContaining(["subject", "customer", "category", "templateData", "documents", "channel"]),
    );
    await drainLocalRunner();
    await settleSandboxWebhooks();
  });
});
