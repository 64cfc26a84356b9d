import { and, eq, isNotNull, isNull, not, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAttemptsByStatus, getAttemptDetail, listAttempts } from "@/db/queries/communication-log";
import {
  countCommunicationsByStatus,
  getCommunicationDetail,
  listCommunications,
  listLocationGroups,
  searchCustomers,
  setCommunicationIgnored,
} from "@/db/queries/communications";
import type { CommunicationFilters, Keyset, SortDirection } from "@/db/queries/filters";
import { attempts, auditEvents, communications, customers } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { QUICK_FILTERS } from "@/lib/status";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// The queries behind both tabs, against seeded data: every filter returns exactly the rows
// a brute-force pass over the same data selects, counts agree, pages never skip or repeat.
let database: TestDatabase;
let visible: (typeof communications.$inferSelect)[];

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoData(database.db, { communications: 600, customers: 80, seed: 7, now: new Date("2026-11-20T12:00:00Z") });
  visible = await database.db
    .select()
    .from(communications)
    .where(and(not(communications.collectingData), isNull(communications.ignoredAt)));
});
afterAll(() => database.close());

async function allPages(filters: CommunicationFilters, direction: SortDirection = "desc", limit = 37) {
  const ids: string[] = [];
  let cursor: Keyset | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listCommunications(database.db, { filters, limit, direction, cursor });
    ids.push(...page.rows.map((row) => row.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not terminate");
}

function expectedIds(predicate: (row: (typeof visible)[number]) => boolean, direction: SortDirection = "desc") {
  const sign = direction === "desc" ? -1 : 1;
  return visible
    .filter(predicate)
    .sort((a, b) => sign * (a.lastActivityAt.getTime() - b.lastActivityAt.getTime() || a.id.localeCompare(b.id)))
    .map((row) => row.id);
}

describe("Communication tab", () => {
  it("hides collecting-data and ignored rows and pages through everything else exactly once", async () => {
    const [{ hidden }] = (await database.db
      .select({ hidden: sql<number>`count(*)::int` })
      .from(communications)
      .where(sql`${communications.collectingData} OR ${communications.ignoredAt} IS NOT NULL`)) as [{ hidden: number }];
    expect(hidden).toBeGreaterThan(0);
    expect(await allPages({})).toEqual(expectedIds(() => true));
    expect(await allPages({}, "asc")).toEqual(expectedIds(() => true, "asc"));
  });

  it.each(["failed", "not_sent", "completed"] as const)("quick filter %s selects its statuses; counts agree", async (quick) => {
    const statuses = [...QUICK_FILTERS[quick].statuses];
    const ids = await allPages({ statuses });
    expect(ids).toEqual(expectedIds((row) => statuses.includes(row.status)));
    expect(ids.length).toBeGreaterThan(0);
    const counts = await countCommunicationsByStatus(database.db, { statuses });
    expect(statuses.reduce((sum, status) => sum + (counts[status] ?? 0), 0)).toBe(ids.length);
  });

  it("applies each dropdown filter", async () => {
    const sample = visible.find((row) => row.locationGroup && row.channel === "email")!;
    const from = new Date("2026-10-01T00:00:00Z");
    const to = new Date("2026-10-31T23:59:59.999Z");
    const cases: [CommunicationFilters, (row: (typeof visible)[number]) => boolean][] = [
      [{ channels: ["sms", "post"] }, (row) => row.channel === "sms" || row.channel === "post"],
      [{ categories: ["reminder"] }, (row) => row.category === "reminder"],
      [{ from, to }, (row) => row.lastActivityAt >= from && row.lastActivityAt <= to],
      [{ customerId: sample.customerId }, (row) => row.customerId === sample.customerId],
      [{ locationGroup: sample.locationGroup! }, (row) => row.locationGroup === sample.locationGroup],
      [{ statuses: ["rejected"] }, (row) => row.status === "rejected"],
      [
        { channels: ["email"], statuses: ["failed", "rejected"], customerId: sample.customerId },
        (row) => row.channel === "email" && ["failed", "rejected"].includes(row.status) && row.customerId === sample.customerId,
      ],
    ];
    for (const [filters, predicate] of cases) {
      const expected = expectedIds(predicate);
      expect(await allPages(filters), JSON.stringify(filters)).toEqual(expected);
    }
  });

  it("finds partial references and slightly misspelled customer names", async () => {
    const row = visible.find((candidate) => candidate.subjectType === "invoice")!;
    const partial = row.subjectRef.slice(-6);
    expect((await allPages({ search: partial })).includes(row.id)).toBe(true);
    const name = row.customerName;
    // Swap two inner letters of the longest word: a typo, not a substring.
    const word = name.split(" ").sort((a, b) => b.length - a.length)[0]!;
    const typo = word.slice(0, 2) + word[3] + word[2] + word.slice(4);
    const found = await allPages({ search: typo });
    expect(found.includes(row.id), `"${typo}" should find ${name}`).toBe(true);
    expect(await allPages({ search: "zzzzqqqqxxxx" })).toEqual([]);
  });

  it("treats search input as text, not SQL or LIKE patterns", async () => {
    expect(await allPages({ search: "%" })).toEqual([]);
    expect(await allPages({ search: "'; DROP TABLE communications; --" })).toEqual([]);
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(communications))[0]!.n).toBeGreaterThan(0);
  });

  it("ignores with a reason, records who and why, hides the row from both tabs, then restores it", async () => {
    const target = visible.find((row) => row.attemptCount > 0)!;
    expect(await setCommunicationIgnored(database.db, { id: target.id, ignored: true, actor: "Ana", reason: "Paid by transfer" })).toBe(
      true,
    );
    const listed = await allPages({});
    expect(listed.includes(target.id)).toBe(false);
    expect((await allPages({ showIgnored: true })).includes(target.id)).toBe(true);
    const log = await listAttempts(database.db, { filters: { customerId: target.customerId }, limit: 500 });
    expect(log.rows.some((row) => row.communicationId === target.id)).toBe(false);
    const detail = await getCommunicationDetail(database.db, { id: target.id });
    expect(detail?.communication).toMatchObject({ ignoredBy: "Ana", ignoredReason: "Paid by transfer" });
    expect(detail?.audit.map((event) => event.action)).toContain("communication.ignored");

    await setCommunicationIgnored(database.db, { id: target.id, ignored: false, actor: "Ben" });
    expect((await allPages({})).includes(target.id)).toBe(true);
    const audit = await database.db.select().from(auditEvents).where(eq(auditEvents.targetId, target.id));
    expect(audit.map((event) => [event.actorId, event.action])).toEqual(
      expect.arrayContaining([
        ["Ana", "communication.ignored"],
        ["Ben", "communication.unignored"],
      ]),
    );
    expect(
      await setCommunicationIgnored(database.db, { id: "00000000-0000-4000-8000-000000000000", ignored: true, actor: "Ana", reason: "x" }),
    ).toBe(false);
  });
});

describe("Communication log tab", () => {
  it("lists every attempt of visible communications with resends and fallbacks linked to the attempt they repeat", async () => {
    const all = await database.db.select().from(attempts).where(isNull(attempts.communicationIgnoredAt));
    const counts = await countAttemptsByStatus(database.db, {});
    expect(Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(all.length);
    const page = await listAttempts(database.db, { filters: { statuses: ["failed", "rejected"] }, limit: 1000 });
    expect(page.rows.every((row) => row.status === "failed" || row.status === "rejected")).toBe(true);
    const repeats = all.filter((row) => row.kind !== "first");
    expect(repeats.length).toBeGreaterThan(0);
    for (const row of repeats) {
      const original = all.find((candidate) => candidate.id === row.repeatsAttemptId);
      expect(original?.communicationId).toBe(row.communicationId);
    }
    const detail = await getAttemptDetail(database.db, { id: repeats[0]!.id });
    expect(detail?.repeats?.id).toBe(repeats[0]!.repeatsAttemptId);
  });
});

describe("location groups", () => {
  it("lists every group in use once, in order, and a new one at once", async () => {
    // Every customer read, in the database's own order: what the skip scan must agree with.
    const inUse = async () =>
      (
        await database.db
          .selectDistinct({ group: customers.locationGroup })
          .from(customers)
          .where(isNotNull(customers.locationGroup))
          .orderBy(customers.locationGroup)
      ).map((row) => row.group);
    const before = await listLocationGroups(database.db);
    expect(before.length).toBeGreaterThan(1);
    expect(before).toEqual(await inUse());
    const [customer] = await database.db.select().from(customers).limit(1);
    await database.db.update(customers).set({ locationGroup: "Zz last group" }).where(eq(customers.id, customer!.id));
    try {
      const after = await listLocationGroups(database.db);
      expect(after).toEqual(await inUse());
      expect(after.at(-1)).toBe("Zz last group");
    } finally {
      await database.db.update(customers).set({ locationGroup: customer!.locationGroup }).where(eq(customers.id, customer!.id));
    }
  });
});

describe("customer picker", () => {
  it("finds customers by part of their name", async () => {
    const [customer] = await database.db.select().from(customers).limit(1);
    const results = await searchCustomers(database.db, { query: customer!.name.slice(0, 5), limit: 20 });
    expect(results.map((row) => row.id)).toContain(customer!.id);
  });
});
