import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCommunicationsSearchParams } from "@/app/(staff)/communications/search-params";
import { listAttempts } from "@/db/queries/communication-log";
import { listCommunications } from "@/db/queries/communications";
import type { CommunicationFilters, Keyset } from "@/db/queries/filters";
import { seedDemoData } from "@/db/seed";
import { toFilters } from "@/lib/filters/communication-filters";
import { countQuickFilters, countQuickFiltersExactly } from "@/lib/quick-filter-counts";
import { QUICK_FILTER_KEYS } from "@/lib/status";
import { urlFilterCases, type UrlSample } from "../support/filter-cases";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// The counts the page renders with are capped (db/queries/row-counts.ts); the rule "a
// count always matches its rows" still holds: an exact count is the number of rows the tab
// pages through, a capped one says it is capped and there are more rows than it shows, and
// the exact figure on demand (count=exact) is the number of rows. A small cap makes both
// kinds appear on a small seed; the page's own cap is COUNT_CAP (10,000).
const CAP = 60;
let database: TestDatabase;
let sample: UrlSample;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoData(database.db, { communications: 600, customers: 80, seed: 7, now: new Date("2026-11-20T12:00:00Z") });
  const result = await database.db.execute(sql`
    SELECT c.customer_id AS "customerId", c.location_group AS "locationGroup", c.subject_ref AS "subjectRef",
           u.external_ref AS "customerRef", a.recipient AS email
    FROM communications c JOIN customers u ON u.id = c.customer_id JOIN attempts a ON a.communication_id = c.id
    WHERE c.location_group IS NOT NULL AND a.channel = 'email' AND NOT c.collecting_data AND c.ignored_at IS NULL
    ORDER BY c.id LIMIT 1`);
  sample = (result as unknown as { rows: UrlSample[] }).rows[0]!;
});
afterAll(() => database.close());

async function rowCount(tab: "overview" | "log", filters: CommunicationFilters): Promise<number> {
  const list = tab === "overview" ? listCommunications : listAttempts;
  let rows = 0;
  let cursor: Keyset | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await list(database.db, { filters, limit: 200, cursor });
    rows += page.rows.length;
    if (!page.nextCursor) return rows;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not terminate");
}

describe.each(["overview", "log"] as const)("%s tab: capped and exact counts", (tab) => {
  it("every quick filter's count is its rows, or says it is capped and has more rows than it shows", async () => {
    const kinds = new Set<string>();
    for (const [name, query] of urlFilterCases(sample)) {
      const params = loadCommunicationsSearchParams(new URLSearchParams(query));
      const filters = toFilters(params);
      const capped = await countQuickFilters(database.db, { tab, filters, cap: CAP });
      const exact = await countQuickFiltersExactly(database.db, { tab, filters });
      for (const quick of QUICK_FILTER_KEYS) {
        const count = capped[quick];
        const truth = exact[quick];
        expect(truth.exact, `${name} · ${quick}: exact on demand`).toBe(true);
        if (count.exact) expect(count.value, `${name} · ${quick}: exact count`).toBe(truth.value);
        else expect([count.value, truth.value > CAP], `${name} · ${quick}: capped count`).toEqual([CAP, true]);
        kinds.add(count.exact ? "exact" : "capped");
      }
      // The header shows the active quick filter's count: the rows the tab pages through.
      const rows = await rowCount(tab, filters);
      expect(exact[params.quick].value, `${name}: exact total vs rows`).toBe(rows);
      if (capped[params.quick].exact) expect(capped[params.quick].value, `${name}: total vs rows`).toBe(rows);
      else expect(rows, `${name}: capped total vs rows`).toBeGreaterThan(CAP);
    }
    // The cases cover both kinds of count, or the test proves nothing about the cap.
    expect([...kinds].sort()).toEqual(["capped", "exact"]);
  });

  it("All is capped as soon as one group is, and is the sum of the groups when none is", async () => {
    const capped = await countQuickFilters(database.db, { tab, filters: {}, cap: CAP });
    const groups = [capped.failed, capped.not_sent, capped.completed];
    if (groups.every((count) => count.exact)) throw new Error("the seed should put at least one group past the cap");
    expect(capped.all).toEqual({ value: CAP, exact: false });
    const narrow = await countQuickFilters(database.db, { tab, filters: { customerId: sample.customerId }, cap: CAP });
    expect(narrow.all).toEqual({ value: narrow.failed.value + narrow.not_sent.value + narrow.completed.value, exact: true });
  });

  it("a ranked search is counted exactly whatever the cap (it holds at most 500 rows)", async () => {
    const filters = toFilters(loadCommunicationsSearchParams(new URLSearchParams("q=boulangrie")));
    const counts = await countQuickFilters(database.db, { tab, filters, cap: 1 });
    expect(counts.all.exact).toBe(true);
    expect(counts.all.value).toBeGreaterThan(1);
    expect(counts.all.value).toBe(await rowCount(tab, filters));
  });
});
