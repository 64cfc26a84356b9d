import { sql, type SQLWrapper } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countAttemptsQuery, listAttemptsQuery } from "@/db/queries/communication-log";
import { countCommunicationsQuery, listCommunicationsQuery, listLocationGroups, locationGroupsQuery } from "@/db/queries/communications";
import { rowsOf } from "@/db/queries/prepared";
import { estimateDownloadQuery } from "@/db/queries/downloads";
import { listAttemptsDueForReconciliation, listStrandedFailures } from "@/db/queries/reconciliation";
import { type CommunicationFilters, type ListTab, rankingQuery, type ResolvedFilters, resolveFilters } from "@/db/queries/filters";
import { countGroupsPlan } from "@/db/queries/row-counts";
import { QUICK_FILTER_GROUPS } from "@/lib/quick-filter-counts";
import { QUICK_FILTERS } from "@/lib/status";
import { communications } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { filterCases, searchCases, type SearchSample } from "../support/filter-cases";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// At 100k communications, every list and count query behind both tabs — each quick filter,
// each dropdown, the search and a deep keyset page — must be served by indexes: no
// sequential scan of communications or attempts. Real Postgres only (the planner's choices
// at scale are what matter; the PGlite run covers behaviour).
const SCALE = 100_000;
let database: TestDatabase;
let sample: { customerId: string; locationGroup: string; subjectRef: string; lastActivityAt: Date; id: string };
let searchSample: SearchSample;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoData(database.db, { communications: SCALE, seed: 3, now: new Date("2026-11-20T12:00:00Z") });
  // Autovacuum would do this in production; the visibility map enables index-only counts.
  await database.execRaw("VACUUM ANALYZE");
  const [row] = await database.db
    .select({
      customerId: communications.customerId,
      locationGroup: sql<string>`coalesce(${communications.locationGroup}, 'Paris')`,
      subjectRef: communications.subjectRef,
      lastActivityAt: communications.lastActivityAt,
      id: communications.id,
    })
    .from(communications)
    .where(sql`${communications.locationGroup} IS NOT NULL`)
    .offset(5000)
    .limit(1);
  sample = row!;
  const found = await database.db.execute(sql`
    SELECT c.subject_ref AS "subjectRef", u.external_ref AS "customerRef", a.recipient AS email
    FROM communications c JOIN customers u ON u.id = c.customer_id JOIN attempts a ON a.communication_id = c.id
    WHERE a.channel = 'email' ORDER BY c.id LIMIT 1 OFFSET 5000`);
  searchSample = (found as unknown as { rows: SearchSample[] }).rows[0]!;
}, 15 * 60_000);
afterAll(() => database?.close());

/** The root of the statement's plan; with `analyze`, run, with its actual rows and loops. */
async function explain(query: SQLWrapper, { analyze = false } = {}): Promise<AnalyzedNode> {
  const result = await database.db.execute(analyze ? sql`EXPLAIN (ANALYZE, FORMAT JSON) ${query}` : sql`EXPLAIN (FORMAT JSON) ${query}`);
  const raw = rowsOf<{ "QUERY PLAN": unknown }>(result)[0]!["QUERY PLAN"];
  return ((typeof raw === "string" ? JSON.parse(raw) : raw) as [{ Plan: AnalyzedNode }])[0].Plan;
}

async function planNodes(query: SQLWrapper, { conditions = false } = {}): Promise<string[]> {
  const root = await explain(query);
  const nodes: string[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(
      `${node["Node Type"]}${node["Relation Name"] ? ` on ${node["Relation Name"]}` : ""}${node["Index Name"] ? ` using ${node["Index Name"]}` : ""}${conditions && node["Index Cond"] ? ` [${node["Index Cond"]}]` : ""}`,
    );
    node.Plans?.forEach(walk);
  };
  walk(root);
  return nodes;
}
type PlanNode = { "Node Type": string; "Relation Name"?: string; "Index Name"?: string; "Index Cond"?: string; Plans?: PlanNode[] };
/** A plan node; the actual rows and loops are there when the statement was explained with ANALYZE. */
type AnalyzedNode = PlanNode & { "Actual Rows"?: number; "Actual Loops"?: number; Plans?: AnalyzedNode[] };

/**
 * Filters resolved as a view resolves them for `tab` (a ranked search is ranked there, once),
 * and the plan of the ranking statement that resolution ran (none unless the search ranks):
 * the view's statements then read the ranked ids by key.
 */
async function resolvedFor(tab: ListTab, unresolved: CommunicationFilters): Promise<{ filters: ResolvedFilters; ranking: string[] }> {
  const probed = await resolveFilters(database.db, unresolved);
  const statement = rankingQuery(tab, probed);
  return { filters: await resolveFilters(database.db, probed, tab), ranking: statement ? await planNodes(statement) : [] };
}

const SEQ_SCANS = /Seq Scan on (communications|attempts|customers)/;

describe(`query plans at ${SCALE.toLocaleString("en")} communications`, () => {
  it("Communication tab: list and grouped count use indexes for every filter", async () => {
    for (const [name, unresolved] of [...filterCases(sample), ...searchCases(searchSample)]) {
      const { filters, ranking } = await resolvedFor("overview", unresolved);
      const list = [...ranking, ...(await planNodes(listCommunicationsQuery(database.db, { filters, limit: 50 })))];
      const count = [...ranking, ...(await planNodes(countCommunicationsQuery(database.db, filters)))];
      expect(
        list.filter((node) => SEQ_SCANS.test(node)),
        `list · ${name}: ${list.join(" > ")}`,
      ).toEqual([]);
      expect(
        count.filter((node) => SEQ_SCANS.test(node)),
        `count · ${name}: ${count.join(" > ")}`,
      ).toEqual([]);
    }
  });

  it("Communication log tab: list and grouped count use indexes for every filter", async () => {
    for (const [name, unresolved] of [...filterCases(sample), ...searchCases(searchSample)]) {
      const { filters, ranking } = await resolvedFor("log", unresolved);
      const list = [...ranking, ...(await planNodes(listAttemptsQuery(database.db, { filters, limit: 50 })))];
      const count = [...ranking, ...(await planNodes(countAttemptsQuery(database.db, filters)))];
      expect(
        list.filter((node) => SEQ_SCANS.test(node)),
        `log list · ${name}: ${list.join(" > ")}`,
      ).toEqual([]);
      expect(
        count.filter((node) => SEQ_SCANS.test(node)),
        `log count · ${name}: ${count.join(" > ")}`,
      ).toEqual([]);
    }
  });

  it("a reference is found through its btree prefix index; a misspelt name through the trigram index", async () => {
    const uses = async (search: string, index: RegExp) => {
      const { filters, ranking } = await resolvedFor("overview", { search });
      const list = [...ranking, ...(await planNodes(listCommunicationsQuery(database.db, { filters, limit: 50 })))];
      expect(
        list.some((node) => index.test(node)),
        `${search}: ${list.join(" > ")}`,
      ).toBe(true);
    };
    await uses(searchSample.subjectRef, /using communications_subject_ref_prefix_idx/);
    await uses(searchSample.customerRef, /using customers_external_ref_prefix_idx/);
    await uses(searchSample.email, /using attempts_recipient_prefix_idx/);
    await uses("boulangrie", /using communications_search_trgm_idx/);
    // …and the customers of the names it may be a misspelling of, by name (customer_names, the
    // distinct names, is small enough that the planner may read it whole).
    await uses("boulangrie", /using customers_name_idx/);
    // A page of a reference search looks its matches up by id; walking the date index and
    // filtering (the planner's choice for an OR it overestimates) read 35k rows for 51.
    for (const search of [searchSample.subjectRef.slice(0, -2), searchSample.customerRef]) {
      const { filters } = await resolvedFor("log", { search });
      const log = await planNodes(listAttemptsQuery(database.db, { filters, limit: 50 }));
      expect(
        log.some((node) => /using attempts_pkey/.test(node)) && !log.some((node) => /attempts_created_idx/.test(node)),
        `log ${search}: ${log.join(" > ")}`,
      ).toBe(true);
    }
    const resolved = await resolveFilters(database.db, { search: "boulangrie" });
    expect(resolved.search?.mode).toBe("similar");
    expect((await resolveFilters(database.db, { search: searchSample.subjectRef })).search?.mode).toBe("reference");
  });

  it("a deep keyset page is an index range scan, not an OFFSET", async () => {
    const cursor = { at: sample.lastActivityAt, id: sample.id };
    const plan = await planNodes(listCommunicationsQuery(database.db, { filters: {}, limit: 50, cursor }));
    expect(plan.some((node) => /Index (Only )?Scan/.test(node))).toBe(true);
    expect(plan.filter((node) => SEQ_SCANS.test(node))).toEqual([]);
  });

  it("a keyset page starts at its cursor: the row-value comparison is the index condition, both ways, both tabs", async () => {
    const cursor = { at: sample.lastActivityAt, id: sample.id };
    for (const toward of ["next", "previous"] as const) {
      for (const direction of ["desc", "asc"] as const) {
        const page = { filters: {}, limit: 50, cursor, toward, direction };
        const overview = await planNodes(listCommunicationsQuery(database.db, page), { conditions: true });
        expect(
          overview.some((node) => /using communications_visible_activity_idx \[\(ROW\(last_activity_at, id\) [<>]/.test(node)),
          `${toward} ${direction}: ${overview.join(" > ")}`,
        ).toBe(true);
        const log = await planNodes(listAttemptsQuery(database.db, page), { conditions: true });
        expect(
          log.some((node) => /using attempts_created_idx \[\(ROW\(created_at, id\) [<>]/.test(node)),
          `log ${toward} ${direction}: ${log.join(" > ")}`,
        ).toBe(true);
      }
    }
  });

  it("a view of several statuses merges one index range per status in list order: no filtered walk, no sort", async () => {
    // The Failed quick filter (failed, rejected). `status IN (…)` walked the whole date
    // order, filtering, until it had a page: tens of thousands of rows for 51 at scale.
    const cursor = { at: sample.lastActivityAt, id: sample.id };
    for (const toward of ["next", "previous"] as const) {
      for (const direction of ["desc", "asc"] as const) {
        for (const page of [{}, { cursor }]) {
          const params = { filters: { statuses: [...QUICK_FILTERS.failed.statuses] }, limit: 50, toward, direction, ...page };
          const label = `${toward} ${direction}${"cursor" in page ? " from a cursor" : ""}`;
          for (const [tab, plan, index] of [
            ["overview", await planNodes(listCommunicationsQuery(database.db, params)), "communications_status_activity_idx"],
            ["log", await planNodes(listAttemptsQuery(database.db, params)), "attempts_status_created_idx"],
          ] as const) {
            expect(plan.includes("Merge Append"), `${tab} ${label}: ${plan.join(" > ")}`).toBe(true);
            expect(
              plan.filter((node) => node.endsWith(`using ${index}`)),
              `${tab} ${label}: ${plan.join(" > ")}`,
            ).toHaveLength(QUICK_FILTERS.failed.statuses.length);
            expect(
              plan.filter((node) => node === "Sort" || SEQ_SCANS.test(node)),
              `${tab} ${label}`,
            ).toEqual([]);
          }
        }
      }
    }
  });

  it("the capped counts the page renders with read indexes for every filter, on both tabs", async () => {
    for (const tab of ["overview", "log"] as const) {
      for (const [name, unresolved] of [...filterCases(sample), ...searchCases(searchSample)]) {
        const { filters, ranking } = await resolvedFor(tab, unresolved);
        const { statement } = countGroupsPlan(database.db, { tab, filters, groups: QUICK_FILTER_GROUPS });
        const plan = [...ranking, ...(await planNodes(statement!))];
        expect(
          plan.filter((node) => SEQ_SCANS.test(node)),
          `${tab} counts · ${name}: ${plan.join(" > ")}`,
        ).toEqual([]);
      }
    }
  });

  it("a download's size estimate for one customer or a selection reads indexes, not whole tables", async () => {
    const cases: ["overview" | "log", ResolvedFilters][] = [
      ["overview", { customerId: sample.customerId }],
      ["log", { customerId: sample.customerId }],
      ["overview", { ids: [sample.id] }],
    ];
    for (const [tab, filters] of cases) {
      const plan = await planNodes(estimateDownloadQuery(database.db, { tab, filters }));
      expect(
        plan.filter((node) => /Seq Scan on (communications|attempts|attempt_documents|documents)$/.test(node)),
        `${tab} ${JSON.stringify(filters)}: ${plan.join(" > ")}`,
      ).toEqual([]);
    }
  });

  it("the location groups are read one index entry per group, never every customer", async () => {
    const root = await explain(locationGroupsQuery(), { analyze: true });
    const reads: AnalyzedNode[] = [];
    const walk = (node: AnalyzedNode) => {
      if (node["Relation Name"] === "customers") reads.push(node);
      node.Plans?.forEach(walk);
    };
    walk(root);
    const groups = (await listLocationGroups(database.db)).length;
    expect(groups).toBeGreaterThan(1);
    expect(reads.length).toBeGreaterThan(0);
    for (const node of reads) {
      expect(node["Node Type"], JSON.stringify(node)).toMatch(/^Index (Only )?Scan$/);
      // One probe per group (and one that finds none after the last): one entry each.
      expect(node["Actual Rows"], JSON.stringify(node)).toBeLessThanOrEqual(1);
      expect(node["Actual Loops"]).toBeLessThanOrEqual(groups + 1);
    }
  });

  it("reconciliation finds overdue attempts and stranded failures through indexes", async () => {
    const now = new Date("2026-11-20T12:00:00Z");
    const hours = (n: number) => new Date(now.getTime() - n * 3_600_000);
    const due = await planNodes(
      listAttemptsDueForReconciliation(database.db, {
        provider: "resend",
        statuses: ["accepted", "sent"],
        statusBefore: hours(2),
        statusAfter: hours(7 * 24),
        checkedBefore: hours(2),
        limit: 200,
      }),
    );
    expect(
      due.some((node) => /using attempts_awaiting_feedback_idx/.test(node)),
      due.join(" > "),
    ).toBe(true);
    const stranded = await planNodes(
      listStrandedFailures(database.db, { failedBefore: hours(0.2), createdAfter: hours(7 * 24), limit: 500 }),
    );
    expect(
      stranded.filter((node) => SEQ_SCANS.test(node)),
      stranded.join(" > "),
    ).toEqual([]);
  });
});
