import { afterAll, beforeAll, beforeEach, expect, vi } from "vitest";
import { type Db, provideDatabase } from "@/db/client";
import { insertCommunication } from "@/db/queries/communication-intake";
import { publishOutbox } from "@/inngest/outbox";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import type { SendingDeps } from "@/lib/sending/deps";
import { provideSendingDeps } from "@/lib/sending/runtime";
import type { SandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { testSecrets } from "./provider-requests";
import { attemptsOf, createTestCustomer, INVOICE_DATA, testSendingDeps, type TestCustomer } from "./sending-harness";
import { openTestDatabase, type TestDatabase } from "./test-database";
import { stubEmbeddedEnv } from "./webhook-test-env";

// The whole sending loop in one process, as the embedded default runs it, for the test
// files that drive it end to end (tests/integration/sending-engine.test.ts and
// sending-engine-resend.test.ts): one database per file, fresh sending deps per test that
// record every hand-over to a provider.

export type HandOver = { attemptId: string; provider: string };

type SendExtra = { category?: "invoice" | "reminder"; channelOverride?: "sms"; templateData?: Record<string, unknown> };

/** Registers the file's hooks; read `db`, `deps` and `handOvers` inside a test, after they ran. */
export function embeddedEngineForFile() {
  let database: TestDatabase;
  let secrets: SandboxSecrets;
  let deps: SendingDeps;
  let handOvers: HandOver[];

  beforeAll(async () => {
    stubEmbeddedEnv();
    [database, secrets] = await Promise.all([openTestDatabase(), testSecrets()]);
    provideDatabase(database);
    registerEmbeddedFunctions();
  });
  beforeEach(() => {
    stubEmbeddedEnv();
    handOvers = [];
    deps = countingHandOvers(testSendingDeps(database.db, secrets), handOvers);
    provideSendingDeps(deps);
  });
  afterAll(() => database.close());

  async function send(customer: TestCustomer, extra: SendExtra = {}) {
    const customerId = await createTestCustomer(database.db, customer);
    const communication = await insertCommunication(database.db, {
      customerId,
      subjectType: "invoice",
      subjectRef: `INV-${crypto.randomUUID().slice(0, 8)}`,
      category: extra.category ?? "invoice",
      templateData: extra.templateData ?? INVOICE_DATA,
      channelOverride: extra.channelOverride,
    });
    await publishOutbox(database.db);
    return { communicationId: communication.id, customerId };
  }

  /** Waits until the runner, the sandbox webhooks and the statuses have come to rest. */
  async function settle(communicationId: string, expectedAttempts: number) {
    await vi.waitFor(
      async () => {
        await drainLocalRunner();
        await settleSandboxWebhooks();
        const rows = await attemptsOf(database.db, communicationId);
        expect(rows).toHaveLength(expectedAttempts);
        expect(rows.every((row) => !["queued", "accepted", "sent"].includes(row.status) || row.channel === "einvoice")).toBe(true);
      },
      { timeout: 30_000, interval: 50 },
    );
    await drainLocalRunner();
    await settleSandboxWebhooks();
    return attemptsOf(database.db, communicationId);
  }

  return {
    get db(): Db {
      return database.db;
    },
    get deps(): SendingDeps {
      return deps;
    },
    get handOvers(): HandOver[] {
      return handOvers;
    },
    send,
    settle,
  };
}

/** Records every hand-over the engine makes, whatever the provider. */
function countingHandOvers(base: SendingDeps, handOvers: HandOver[]): SendingDeps {
  const registry = base.providers;
  return {
    ...base,
    providers: {
      ...registry,
      adapterFor(provider) {
        const adapter = registry.adapterFor(provider);
        return {
          ...adapter,
          send: (message: never, context: { attemptId: string }) => {
            handOvers.push({ attemptId: context.attemptId, provider });
            return adapter.send(message, context as never);
          },
        } as typeof adapter;
      },
    },
  };
}
