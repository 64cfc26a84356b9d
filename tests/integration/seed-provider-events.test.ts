import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attempts, providerEvents } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { DEMO_SEED_NOW as NOW, DEMO_SEED_OPTIONS } from "../support/demo-seed";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// The raw provider feedback the seed writes (db/seed/provider-events.ts and its per-provider
// specs) looks like what each provider really posts, and points at the attempt it is about.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let first: TestDatabase;
let log: (typeof attempts.$inferSelect)[];

beforeAll(async () => {
  first = await openTestDatabase();
  await seedDemoData(first.db, DEMO_SEED_OPTIONS);
  log = await first.db.select().from(attempts);
});

afterAll(async () => {
  await first?.close();
});

describe("seedDemoData — provider events", () => {
  it("gives provider message ids and raw events in each provider's own shape", async () => {
    const formats: Record<string, RegExp> = {
      resend: UUID,
      pingen: UUID,
      peppol: UUID,
      twilio: /^SM[0-9a-f]{32}$/,
      sendgrid: /^[\w-]{22}$/,
      chorus_pro: /^\d+$/,
    };
    for (const a of log) {
      if (a.provider === "manual") expect(a.providerMessageId).toBeNull();
      else if (a.providerMessageId) expect(a.providerMessageId).toMatch(formats[a.provider]!);
    }
    const byId = new Map(log.map((a) => [a.id, a]));
    const events = await first.db.select().from(providerEvents);
    expect(new Set(events.map((e) => e.provider))).toEqual(new Set(Object.keys(formats)));
    for (const e of events) {
      const attempt = byId.get(e.attemptId ?? "");
      expect(e.outcome).toBe("applied");
      expect([attempt?.provider, attempt?.providerMessageId]).toEqual([e.provider, e.providerMessageId]);
      expect(e.receivedAt.getTime()).toBeGreaterThan(NOW.getTime() - 62 * 86_400_000);
      const at = (path: string) => path.split(".").reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], e.payload);
      const messageId = {
        resend: () => at("data.email_id"),
        sendgrid: () => String(at("sg_message_id")).split(".")[0],
        twilio: () => at("MessageSid"),
        pingen: () => at("data.relationships.letter.data.id"),
        peppol: () => at("transmissionId"),
        chorus_pro: () => String(at("identifiantFactureCPP")),
      }[e.provider as string]!();
      expect(messageId).toBe(e.providerMessageId);
    }
  });
});
