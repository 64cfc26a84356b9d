import { createHash } from "node:crypto";
import { getTableName, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import {
  attemptDocuments,
  attempts,
  auditEvents,
  communications,
  contactPoints,
  customerOptOuts,
  customerPreferences,
  customers,
  documents,
  providerEvents,
  suppressions,
  templates,
} from "@/db/schema";
import { attemptKindEnum, attemptStatusEnum, FAILED_OVER_CODE, categoryEnum, channelEnum, subjectTypeEnum } from "@/db/schema/enums";
import { isDatabaseSeeded, seedDemoData, type SeedSummary } from "@/db/seed";
import { templateDataSchema } from "@/lib/templates/render";
import { rowsOf } from "@/db/seed/bulk-insert";
import { computeContentSha256 } from "@/db/content-hash";
import { generateCommunications, generateCustomers } from "@/db/seed/generate";
import { isLuhnValid } from "@/db/seed/identifiers";
import { DEMO_SEED_NOW as NOW, DEMO_SEED_OPTIONS as OPTIONS } from "../support/demo-seed";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// What the seed writes and how it hangs together; the shape of its raw provider events is
// checked in seed-provider-events.test.ts.

const TABLES = {
  customers,
  contactPoints,
  preferences: customerPreferences,
  optOuts: customerOptOuts,
  templates,
  communications,
  attempts,
  documents,
  attemptDocuments,
  providerEvents,
  auditEvents,
  suppressions,
} satisfies Record<keyof SeedSummary, PgTable>;

let first: TestDatabase;
let second: TestDatabase;
let summary: SeedSummary;
let seededBefore: boolean;
let schemaBefore: string[];
let comms: (typeof communications.$inferSelect)[];
let log: (typeof attempts.$inferSelect)[];

beforeAll(async () => {
  [first, second] = await Promise.all([openTestDatabase(), openTestDatabase()]);
  seededBefore = await isDatabaseSeeded(first.db);
  schemaBefore = await schemaObjects(first.db);
  summary = await seedDemoData(first.db, OPTIONS);
  await seedDemoData(second.db, OPTIONS);
  comms = await first.db.select().from(communications);
  log = await first.db.select().from(attempts);
});

afterAll(async () => {
  await first?.close();
  await second?.close();
});

describe("seedDemoData", () => {
  it("stores template data every template accepts, so demo communications can be resent", () => {
    for (const communication of comms) {
      const parsed = templateDataSchema(communication.category).safeParse(communication.templateData);
      expect(parsed.success, `${communication.category} ${JSON.stringify(communication.templateData)}`).toBe(true);
    }
  });

  it("fills an empty database and reports what it wrote", async () => {
    expect(seededBefore).toBe(false);
    expect(await isDatabaseSeeded(first.db)).toBe(true);
    expect(summary.customers).toBe(60);
    expect(summary.communications).toBe(400);
    // Unsubscribed, complained and bounce-listed addresses are suppressed, as the webhook path does.
    expect(summary.suppressions).toBeGreaterThan(0);
    expect(summary.templates).toBe(categoryEnum.enumValues.length * channelEnum.enumValues.length * 3);
    for (const [name, table] of Object.entries(TABLES)) {
      const [row] = await first.db.select({ n: sql<number>`count(*)::int` }).from(table);
      expect(row?.n, name).toBe(summary[name as keyof SeedSummary]);
    }
  });

  it("leaves every index and foreign key as the migrations made them", async () => {
    expect(await schemaObjects(first.db)).toEqual(schemaBefore);
  });

  it("is deterministic: same seed and now give identical rows, ids included", async () => {
    for (const [name, table] of Object.entries(TABLES)) {
      expect(await fingerprint(second.db, table), name).toBe(await fingerprint(first.db, table));
    }
  });

  it("gives different data for a different seed", async () => {
    const sample = async (seed: number) => {
      const profiles = generateCustomers({ customers: 60, seed, now: NOW });
      const { value: slice } = await generateCommunications({ ...OPTIONS, seed, detailRate: 1 }, profiles).next();
      return { customer: profiles[20]!, communication: slice!.communications[40]!, attempt: slice!.attempts[40]! };
    };
    const [a, b] = [await sample(42), await sample(43)];
    expect(b.customer.id).not.toBe(a.customer.id);
    expect(b.communication.id).not.toBe(a.communication.id);
    expect(b.attempt.contentSha256).not.toBe(a.attempt.contentSha256);
    expect(await sample(42)).toEqual(a);
  });

  it("covers every status, channel, category, subject type and attempt kind", () => {
    const distinct = <T>(values: T[]) => [...new Set(values)].sort();
    expect(distinct(log.map((a) => a.status))).toEqual([...attemptStatusEnum.enumValues].sort());
    expect(distinct(log.map((a) => a.channel))).toEqual([...channelEnum.enumValues].sort());
    expect(distinct(log.map((a) => a.kind))).toEqual([...attemptKindEnum.enumValues].sort());
    expect(distinct(comms.map((c) => c.category))).toEqual([...categoryEnum.enumValues].sort());
    expect(distinct(comms.map((c) => c.subjectType))).toEqual([...subjectTypeEnum.enumValues].sort());
    const visible = comms.filter((c) => !c.collectingData && !c.ignoredAt);
    expect(distinct(visible.map((c) => c.status))).toEqual([...attemptStatusEnum.enumValues].sort());
  });

  it("keeps each communication consistent with its latest attempt", async () => {
    const byCommunication = groupAttempts();
    const names = new Map((await first.db.select().from(customers)).map((c) => [c.id, c]));
    for (const c of comms) {
      const chain = byCommunication.get(c.id) ?? [];
      const latest = chain.at(-1);
      expect(chain.map((a) => a.seq)).toEqual(chain.map((_, i) => i + 1));
      expect(c.attemptCount).toBe(chain.length);
      expect(c.customerName).toBe(names.get(c.customerId)?.name);
      expect(c.locationGroup).toBe(names.get(c.customerId)?.locationGroup);
      expect(c.searchText).toBe([c.subjectRef, c.customerName, ...new Set(chain.map((a) => a.recipient))].join(" ").toLowerCase());
      if (!latest) continue;
      expect({ status: c.status, label: c.statusLabel, channel: c.channel, error: c.lastError, at: c.lastActivityAt }).toEqual({
        status: latest.status,
        label: latest.statusLabel,
        channel: latest.channel,
        error: latest.errorMessage,
        at: latest.statusAt,
      });
      for (const a of chain) {
        expect(a.communicationIgnoredAt).toEqual(c.ignoredAt);
        expect(a.searchText).toBe(`${a.subjectRef} ${a.customerName} ${a.recipient}`.toLowerCase());
        expect(a.statusAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
        expect(a.createdAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() - 130 * 86_400_000);
      }
    }
  });

  it("shows the later status when a resend or fallback fixed a failure (docs/architecture.md §1)", () => {
    const fixed = [...groupAttempts().values()].filter(
      (chain) => chain.length > 1 && chain[0]!.status === "failed" && chain.at(-1)!.status === "delivered",
    );
    expect(fixed.length).toBeGreaterThan(0);
    for (const chain of fixed) expect(comms.find((c) => c.id === chain[0]!.communicationId)?.status).toBe("delivered");
  });

  it("links resends, fallbacks and failovers to an earlier attempt of the same communication", () => {
    const byId = new Map(log.map((a) => [a.id, a]));
    for (const a of log) {
      if (a.kind === "first") {
        expect(a.seq).toBe(1);
        expect(a.repeatsAttemptId).toBeNull();
        continue;
      }
      const repeated = byId.get(a.repeatsAttemptId ?? "");
      expect(repeated?.communicationId).toBe(a.communicationId);
      expect(repeated!.seq).toBeLessThan(a.seq);
      if (a.kind === "resend") {
        expect(a.channel).toBe(repeated!.channel);
        expect([a.subject, a.bodyText, a.bodyHtml]).toEqual([repeated!.subject, repeated!.bodyText, repeated!.bodyHtml]);
      } else if (a.kind === "failover") {
        // The same snapshot on the same channel, by the channel's other provider.
        expect([a.channel, a.recipient, a.contentSha256]).toEqual([repeated!.channel, repeated!.recipient, repeated!.contentSha256]);
        expect(a.provider).not.toBe(repeated!.provider);
        expect([repeated!.status, repeated!.errorCode]).toEqual(["rejected", FAILED_OVER_CODE]);
      } else {
        expect(a.channel).not.toBe(repeated!.channel);
        expect(["failed", "rejected"]).toContain(repeated!.status);
      }
    }
  });

  it("keeps collecting-data communications free of attempts", () => {
    const collecting = comms.filter((c) => c.collectingData);
    expect(collecting.length).toBeGreaterThan(0);
    const withAttempts = new Set(log.map((a) => a.communicationId));
    for (const c of collecting) {
      expect(c.attemptCount).toBe(0);
      expect(withAttempts.has(c.id)).toBe(false);
    }
  });

  it("stores content and document hashes that recompute", async () => {
    for (const a of log) expect(a.contentSha256).toBe(computeContentSha256(a));
    const docs = await first.db.select().from(documents);
    expect(docs.length).toBeGreaterThan(0);
    const hashes = new Map(docs.map((d) => [d.id, d.sha256]));
    for (const d of docs) {
      expect(d.sha256).toBe(createHash("sha256").update(d.content).digest("hex"));
      expect(d.byteSize).toBe(d.content.byteLength);
      expect(Buffer.from(d.content).subarray(0, 5).toString()).toBe(d.contentType === "application/pdf" ? "%PDF-" : "<?xml");
    }
    for (const link of await first.db.select().from(attemptDocuments)) expect(link.sha256).toBe(hashes.get(link.documentId));
  });

  it("records failures with a class, a code and an actionable message", () => {
    for (const a of log.filter((x) => x.status === "failed" || x.status === "rejected")) {
      expect(a.failureClass).not.toBeNull();
      expect(a.errorCode).not.toBeNull();
      expect(a.errorMessage).toMatch(/ — /);
      expect(a.statusLabel).not.toBeNull();
    }
  });

  it("marks ignored communications with who and why, and audits it", async () => {
    const ignored = comms.filter((c) => c.ignoredAt);
    expect(ignored.length).toBeGreaterThan(0);
    const audited = new Set(
      (await first.db.select().from(auditEvents)).filter((e) => e.action === "communication.ignored").map((e) => e.targetId),
    );
    for (const c of ignored) {
      expect([c.ignoredBy, c.ignoredReason].every(Boolean)).toBe(true);
      expect(["failed", "rejected", "manual_required"]).toContain(c.status);
      expect(audited.has(c.id)).toBe(true);
    }
  });

  it("seeds customers with varied contact details, preferences and opt-outs", async () => {
    const points = await first.db.select().from(contactPoints);
    const einvoice = points.filter((p) => p.channel === "einvoice").map((p) => p.address);
    expect(einvoice.some((a) => /^\d{14}$/.test(a) && isLuhnValid(a))).toBe(true);
    expect(einvoice.some((a) => /^0208:\d{10}$/.test(a))).toBe(true);
    expect(points.some((p) => p.channel === "email" && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(p.address))).toBe(true);
    expect(points.filter((p) => p.channel === "post").every((p) => p.postal !== null)).toBe(true);
    const prefs = await first.db.select().from(customerPreferences);
    expect(prefs.some((p) => p.category !== null)).toBe(true);
    const optOuts = await first.db.select().from(customerOptOuts);
    expect(optOuts.some((o) => o.category === null) && optOuts.some((o) => o.category !== null)).toBe(true);
    const list = await first.db.select().from(customers);
    expect(list.some((c) => c.isPublicSector)).toBe(true);
    expect(new Set(list.map((c) => c.locationGroup)).size).toBeGreaterThan(4);
    expect(new Set(list.map((c) => c.locale)).size).toBeGreaterThan(2);
  });
});

function groupAttempts(): Map<string, (typeof attempts.$inferSelect)[]> {
  const map = new Map<string, (typeof attempts.$inferSelect)[]>();
  for (const a of [...log].sort((x, y) => x.seq - y.seq)) map.set(a.communicationId, [...(map.get(a.communicationId) ?? []), a]);
  return map;
}

// Order-independent digest of a table's full contents, computed by the database.
async function fingerprint(db: Db, table: PgTable): Promise<string> {
  const name = sql.identifier(getTableName(table));
  const result = await db.execute(sql`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest FROM ${name} t`);
  return rowsOf<{ digest: string }>(result)[0]!.digest;
}

async function schemaObjects(db: Db): Promise<string[]> {
  const result = await db.execute(sql`
    SELECT indexdef AS definition FROM pg_indexes WHERE schemaname = current_schema()
    UNION ALL
    SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint
    WHERE connamespace = current_schema()::regnamespace
    ORDER BY 1`);
  return rowsOf<{ definition: string }>(result).map((r) => r.definition);
}
