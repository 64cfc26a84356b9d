import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { provideDatabase } from "@/db/client";
import { providerHealth, providerRoutes, providerSignals } from "@/db/schema";
import type { FailoverConfig } from "@/lib/failover/policy";
import { createProviderRouting, type ProviderRouting } from "@/lib/failover/routing";
import type { SendingDeps } from "@/lib/sending/deps";
import { startCommunication } from "@/lib/sending/start-communication";
import { fakeEmailRegistry } from "./failover-harness";
import { type FakeResend, startFakeResend } from "./fakes/fake-resend";
import { startFakeSendgrid } from "./fakes/fake-sendgrid";
import type { FakeHttpServer } from "./fakes/http-fake";
import { markJobsRunByHand } from "./jobs-by-hand";
import { testSecrets } from "./provider-requests";
import { PARIS_ADDRESS, testSendingDeps } from "./sending-harness";
import { invoiceFor } from "./suppression-harness";
import { openTestDatabase, type TestDatabase } from "./test-database";
import { stubEmbeddedEnv } from "./webhook-test-env";

// The world of the failover tests: a database, local fakes of Resend and SendGrid answering
// unique message ids, a clock the test moves, and the sending engine with failover between
// the two (Resend first). Each test starts with no route, no health and no signals.

export type FailoverWorld = {
  database: TestDatabase;
  resend: FakeResend;
  sendgrid: FakeHttpServer;
  secrets: Awaited<ReturnType<typeof testSecrets>>;
  clock: { now: Date };
  /** The engine as one instance runs it (its own route cache). */
  deps(failover?: ProviderRouting): SendingDeps;
  /** A new invoice e-mail, planned: its first attempt queued. */
  newCommunication(sending: SendingDeps, email?: string): Promise<{ communicationId: string; attemptId: string }>;
  tick(ms: number): void;
  routeRow(): Promise<typeof providerRoutes.$inferSelect | null>;
};

export function failoverWorld(config: FailoverConfig): FailoverWorld {
  const world = {
    clock: { now: new Date() },
    deps(failover = createProviderRouting({ email: ["resend", "sendgrid"] }, config)): SendingDeps {
      return {
        ...testSendingDeps(world.database.db, world.secrets),
        providers: fakeEmailRegistry(world.resend, world.sendgrid),
        retry: { maxTries: 5, delayMs: () => 30_000 },
        failover,
        now: () => world.clock.now,
      };
    },
    async newCommunication(sending: SendingDeps, email = `billing-${randomUUID().slice(0, 6)}@acme.example`) {
      const { communicationId } = await invoiceFor(world.database.db, { email, postal: PARIS_ADDRESS });
      const started = await startCommunication(sending, communicationId);
      if (started.kind !== "queued") throw new Error(`expected a queued attempt, got ${started.kind}`);
      return { communicationId, attemptId: started.attemptId };
    },
    tick(ms: number) {
      world.clock.now = new Date(world.clock.now.getTime() + ms);
    },
    async routeRow() {
      const [row] = await world.database.db.select().from(providerRoutes).where(eq(providerRoutes.channel, "email"));
      return row ?? null;
    },
  } as FailoverWorld;

  beforeAll(async () => {
    stubEmbeddedEnv();
    [world.database, world.secrets, world.resend, world.sendgrid] = await Promise.all([
      openTestDatabase(),
      testSecrets(),
      startFakeResend({ ids: () => `re_${randomUUID()}` }),
      startFakeSendgrid({ ids: () => `sg_${randomUUID()}` }),
    ]);
    // The webhook routes store provider reports in this database.
    provideDatabase(world.database);
  });
  beforeEach(async () => {
    await markJobsRunByHand(world.database.db);
    await world.database.db.delete(providerRoutes);
    await world.database.db.delete(providerHealth);
    await world.database.db.delete(providerSignals);
    world.resend.respondAlways(null);
    world.sendgrid.respondAlways(null);
    world.clock = { now: new Date() };
  });
  afterAll(() => Promise.all([world.database.close(), world.resend.close(), world.sendgrid.close()]));
  return world;
}
