import { afterAll, beforeAll, expect, it } from "vitest";
import { recordWebhookRejection } from "@/db/queries/webhook-rejections";
import { getCachedTrackingHealth } from "@/lib/tracking-health-cache";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// The page reads tracking health from a short-lived cache (lib/tracking-health-cache.ts):
// within the TTL the figures are not recomputed; past it the last figures are answered at
// once and fresh ones computed behind them.
let database: TestDatabase;
let clock = new Date("2026-03-10T12:00:00Z");
const TTL = 30_000;
const read = () =>
  getCachedTrackingHealth(database.db, { unresolvedLimit: 10, configuredProviders: ["twilio"], ttlMs: TTL, now: () => clock });
const refusedTwilio = async () =>
  (await read()).providers.find((provider) => provider.provider === "twilio")!.rejectedRequests.invalidSignature;
const refuse = () => recordWebhookRejection(database.db, { provider: "twilio", reason: "invalid_signature", detail: "bad", at: clock });

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

it("answers from the cache within the TTL, then the last figures while it recomputes, then the new ones", async () => {
  await refuse();
  expect(await refusedTwilio()).toBe(1);
  const first = await read();

  await refuse();
  clock = new Date(clock.getTime() + TTL - 1);
  expect(await read()).toBe(first);
  expect(await refusedTwilio()).toBe(1);

  clock = new Date(clock.getTime() + 1);
  // Past the TTL: this answer is still the cached one; the recomputation runs behind it.
  expect(await read()).toBe(first);
  await expect.poll(refusedTwilio, { timeout: 10_000, interval: 20 }).toBe(2);
  expect((await read()).generatedAt).toEqual(clock);
});

it("computes afresh for other parameters", async () => {
  const other = await getCachedTrackingHealth(database.db, { unresolvedLimit: 3, configuredProviders: [], now: () => clock });
  expect(other.providers.find((provider) => provider.provider === "twilio")!.webhookConfigured).toBe(false);
});
