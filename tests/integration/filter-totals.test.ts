import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCommunicationsSearchParams } from "@/app/(staff)/communications/search-params";
import { toFilters } from "@/lib/filters/communication-filters";
import { GET as getCsv } from "@/app/api/downloads/csv/route";
import { GET as listApi } from "@/app/api/v1/communications/route";
import { provideDatabase } from "@/db/client";
import { countAttemptsByStatus, listAttempts } from "@/db/queries/communication-log";
import { countCommunicationsByStatus, listCommunications, listMatchingCommunicationIds } from "@/db/queries/communications";
import type { CommunicationFilters, Keyset } from "@/db/queries/filters";
import { seedDemoData } from "@/db/seed";
import { createApiKey } from "@/lib/auth/api-keys";
import { countByQuickFilter } from "@/lib/status";
import { urlFilterCases, type UrlSample } from "../support/filter-cases";
import { signedInStaff } from "../support/staff-sessions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";

// One count, one selection (issue 13): for every filter of the bar, the number the page
// shows (header, "Select all N", bulk dialog, ZIP/CSV buttons — all read the active quick
// filter's count) is the number of rows the tab pages through, the API's total, the rows of
// the CSV download and the ids a bulk "all matching" send resolves to.
let database: TestDatabase;
let apiKey: string;
let viewerCookie: string;
let sample: UrlSample;

beforeAll(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  provideDatabase(database);
  await seedDemoData(database.db, { communications: 600, customers: 80, seed: 7, now: new Date("2026-11-20T12:00:00Z") });
  apiKey = (await createApiKey(database.db, { name: "Totals", scopes: ["read"], createdBy: "test" })).secret;
  viewerCookie = (await signedInStaff(database.db, "viewer")).cookie;
  const result = await database.db.execute(sql`
    SELECT c.customer_id AS "customerId", c.location_group AS "locationGroup", c.subject_ref AS "subjectRef",
           u.external_ref AS "customerRef", a.recipient AS email
    FROM communications c JOIN customers u ON u.id = c.customer_id JOIN attempts a ON a.communication_id = c.id
    WHERE c.location_group IS NOT NULL AND a.channel = 'email' AND NOT c.collecting_data AND c.ignored_at IS NULL
    ORDER BY c.id LIMIT 1`);
  sample = (result as unknown as { rows: UrlSample[] }).rows[0]!;
});
afterAll(() => database.close());

async function allIds(list: typeof listCommunications | typeof listAttempts, filters: CommunicationFilters) {
  const ids: string[] = [];
  let cursor: Keyset | undefined;
  for (let guard = 0; guard < 200; guard++) {
    const page = await list(database.db, { filters, limit: 61, cursor });
    ids.push(...page.rows.map((row) => row.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not terminate");
}

/** CSV records after the header, counting line breaks outside quoted fields only. */
async function csvRows(query: string): Promise<number> {
  const response = await getCsv(new Request(`http://herald.test/api/downloads/csv?${query}`, { headers: { cookie: viewerCookie } }));
  expect(response.status, query).toBe(200);
  const text = await response.text();
  let records = 0;
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (char === "\n" && !quoted) records++;
  }
  return records - 1;
}

describe("every total is the rows' own filter", () => {
  it("Communication tab: header = rows = API total = CSV rows = bulk all-matching ids", async () => {
    for (const [name, query] of urlFilterCases(sample)) {
      const params = loadCommunicationsSearchParams(new URLSearchParams(query));
      const filters = toFilters(params);
      const header = countByQuickFilter(await countCommunicationsByStatus(database.db, filters))[params.quick];
      const rows = await allIds(listCommunications, filters);
      expect(new Set(rows).size, name).toBe(rows.length);
      expect(rows.length, `${name}: rows vs header`).toBe(header);
      const api = await listApi(
        new Request(`http://herald.test/api/v1/communications?${query}&limit=200`, { headers: { authorization: `Bearer ${apiKey}` } }),
      );
      const body = (await api.json()) as { total: number; data: { id: string }[] };
      expect(body.total, `${name}: API total`).toBe(header);
      expect(
        body.data.every((row) => rows.includes(row.id)),
        `${name}: API rows ⊆ rows`,
      ).toBe(true);
      expect(await csvRows(query), `${name}: CSV rows`).toBe(header);
      const bulk = await listMatchingCommunicationIds(database.db, { filters, limit: 10_000 });
      expect(bulk.sort(), `${name}: bulk selection`).toEqual([...rows].sort());
    }
  });

  it("Communication log tab: header = rows = CSV rows", async () => {
    for (const [name, query] of urlFilterCases(sample)) {
      const params = loadCommunicationsSearchParams(new URLSearchParams(`${query}&tab=log`));
      const filters = toFilters(params);
      const header = countByQuickFilter(await countAttemptsByStatus(database.db, filters))[params.quick];
      const rows = await allIds(listAttempts, filters);
      expect(new Set(rows).size, name).toBe(rows.length);
      expect(rows.length, `log ${name}: rows vs header`).toBe(header);
      expect(await csvRows(`${query}&tab=log`), `log ${name}: CSV rows`).toBe(header);
    }
  });

  it("the quick-filter buttons count each group within the Status dropdown and every other filter", async () => {
    const params = loadCommunicationsSearchParams(new URLSearchParams("channel=email,sms&status=failed,delivered"));
    const counts = countByQuickFilter(await countCommunicationsByStatus(database.db, toFilters(params)));
    const rows = await allIds(listCommunications, toFilters(params));
    expect(counts.failed).toBeGreaterThan(0);
    expect(counts.completed).toBeGreaterThan(0);
    expect(counts).toEqual({ failed: counts.failed, not_sent: 0, completed: rows.length - counts.failed, all: rows.length });
  });
});
