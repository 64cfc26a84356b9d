import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { provideDatabase } from "@/db/client";
import { insertCommunication } from "@/db/queries/communication-intake";
import { publishOutbox } from "@/inngest/outbox";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { readEnv } from "@/lib/env";
import { createProviderRegistry } from "@/lib/providers/registry";
import { webhookPoster } from "@/lib/providers/sandbox/deliver-webhook";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { provideSendingDeps } from "@/lib/sending/runtime";
import { sandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import type { WebhookProvider } from "@/lib/webhooks/verify";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { attemptsOf, createTestCustomer, FAST_RETRY, INVOICE_DATA, PARIS_ADDRESS, type TestCustomer } from "../support/sending-harness";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { WEBHOOK_ROUTES } from "../support/webhook-routes";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// An installation that configured its webhook secrets before its provider API keys: the
// channels still use sandbox providers, and the routes verify against the configured
// secrets. The sandbox must sign with those (lib/webhooks/verify.ts sandboxSigningSecrets),
// or every webhook is refused and the attempts stay Accepted. The sandbox posts over HTTP
// to the real route handlers, as the running app's webhookPoster does.

const CONFIGURED = {
  RESEND_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString("base64")}`,
  TWILIO_AUTH_TOKEN: randomBytes(16).toString("hex"),
  PINGEN_WEBHOOK_SECRET: randomBytes(32).toString("hex"),
  PEPPOL_WEBHOOK_SECRET: randomBytes(32).toString("hex"),
};

let database: TestDatabase;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  stubEmbeddedEnv(CONFIGURED);
  database = await openTestDatabase();
  provideDatabase(database);
  registerEmbeddedFunctions();
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const provider = req.url!.replace("/api/webhooks/", "") as WebhookProvider;
      const headers = new Headers(Object.entries(req.headers).map(([name, value]): [string, string] => [name, String(value)]));
      const response = await WEBHOOK_ROUTES[provider](
        new Request(`${baseUrl}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) }),
      );
      res.writeHead(response.status).end(await response.text());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // As lib/sending/runtime.ts wires the running app: sandbox providers posting to our own origin.
  const env = readEnv();
  const providers = createProviderRegistry(env, {
    deliver: webhookPoster({ baseUrl, secrets: () => sandboxSecrets(env), retryDelayMs: 10 }),
    // A real provider's first report comes well after its API answered (one that comes
    // before the hand-over is recorded is applied then: tests/integration/early-reports.test.ts).
    delayMs: 50,
  });
  provideSendingDeps({ db: database.db, providers, retry: FAST_RETRY });
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await database.close();
});

async function sendAndSettle(customer: TestCustomer) {
  const customerId = await createTestCustomer(database.db, customer);
  const communication = await insertCommunication(database.db, {
    customerId,
    subjectType: "invoice",
    subjectRef: `INV-${crypto.randomUUID().slice(0, 8)}`,
    category: "invoice",
    templateData: INVOICE_DATA,
  });
  await publishOutbox(database.db);
  await vi.waitFor(
    async () => {
      await drainLocalRunner();
      await settleSandboxWebhooks();
      expect((await attemptsOf(database.db, communication.id)).map((a) => a.status)).toEqual(["delivered"]);
    },
    { timeout: 15_000, interval: 50 },
  );
  return (await attemptsOf(database.db, communication.id))[0]!;
}

describe("sandbox providers with configured webhook secrets and no API keys", () => {
  it("the routes verify against the configured secrets: the sandbox's own would be refused", async () => {
    const request = await signedWebhookRequest("resend", { json: { type: "email.sent", data: {} } }, { secrets: await testSecrets() });
    expect((await WEBHOOK_ROUTES.resend(request)).status).toBe(401);
  });

  it.each([
    ["e-mail (Resend)", { email: "billing@acme.example" }, "resend"],
    ["SMS (Twilio)", { mobile: "+33 6 12 34 56 78" }, "twilio"],
    ["post (Pingen)", { postal: PARIS_ADDRESS }, "pingen"],
    ["e-invoice (Peppol)", { einvoice: "0088:5790000435975", isPublicSector: true }, "peppol"],
  ] as const)("%s: the sandbox signs with the configured secret and the attempt reaches Delivered", async (_, customer, provider) => {
    const attempt = await sendAndSettle(customer);
    expect(attempt).toMatchObject({ provider, status: "delivered" });
  });
});
