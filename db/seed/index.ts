import { sql } from "drizzle-orm";
import type { Db } from "../client";
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
} from "../schema";
import { buildInsert, createPipelinedWriter, type TableRows, withDeferredIndexes } from "./bulk-insert";
import type { SeedRows } from "./communication";
import { templateRows } from "./content";
import { customerRows, emptySeedRows, generateCommunications, generateCustomers } from "./generate";
import { newSuppressions } from "./suppressions";

// Demo data for a fresh database: `npm run db:seed` and the app's first start. Same
// seed and `now` → identical rows, ids included. Everything is written in one
// transaction, so a database is either fully seeded or untouched.

export type SeedOptions = {
  /** Communications to create (default 5,000). Above 20,000 only 2% get documents and provider events. */
  communications?: number;
  /** Default: communications / 10, at least 50, at most 100,000. */
  customers?: number;
  seed?: number;
  /** Everything is dated relative to this (default: the current time). */
  now?: Date;
  onProgress?: (done: number, total: number) => void;
  /** Coarse phases (customers, communications, indexes) for a CLI to print. */
  onPhase?: (phase: string) => void;
};

export type SeedSummary = {
  customers: number;
  contactPoints: number;
  preferences: number;
  optOuts: number;
  templates: number;
  communications: number;
  attempts: number;
  documents: number;
  attemptDocuments: number;
  providerEvents: number;
  auditEvents: number;
  suppressions: number;
};

/** Above this many communications, documents and provider events are seeded for 2% only. */
const DETAIL_THRESHOLD = 20_000;
const SEEDED_TABLES = [
  "customers",
  "contact_points",
  "customer_preferences",
  "customer_opt_outs",
  "communications",
  "attempts",
  "documents",
  "attempt_documents",
  "provider_events",
  "audit_events",
];

export async function seedDemoData(db: Db, options: SeedOptions = {}): Promise<SeedSummary> {
  const total = options.communications ?? 5_000;
  const customerCount = options.customers ?? Math.min(100_000, Math.max(50, Math.round(total / 10)));
  const seed = options.seed ?? 1;
  const now = options.now ?? new Date();
  const scale = total > DETAIL_THRESHOLD;
  const summary: SeedSummary = {
    customers: 0,
    contactPoints: 0,
    preferences: 0,
    optOuts: 0,
    templates: 0,
    communications: 0,
    attempts: 0,
    documents: 0,
    attemptDocuments: 0,
    providerEvents: 0,
    auditEvents: 0,
    suppressions: 0,
  };
  const suppressed = new Set<string>();
  return db.transaction(async (tx) => {
    // Losing the last commit to a crash only means seeding again.
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    const load = async () => {
      const writer = createPipelinedWriter(tx);
      options.onPhase?.(`customers (${customerCount.toLocaleString("en")})`);
      const profiles = generateCustomers({ customers: customerCount, seed, now });
      for (let i = 0; i < profiles.length; i += 10_000) {
        const rows = customerRows(profiles.slice(i, i + 10_000), seed);
        const groups: TableRows[] = [
          [customers, rows.customers],
          [contactPoints, rows.contactPoints],
          [customerPreferences, rows.preferences],
          [customerOptOuts, rows.optOuts],
        ];
        await writer.write(buildInsert(groups), () => {
          summary.customers += rows.customers.length;
          summary.contactPoints += rows.contactPoints.length;
          summary.preferences += rows.preferences.length;
          summary.optOuts += rows.optOuts.length;
        });
      }
      const templateList = templateRows(seed, new Date(now.getTime() - 400 * 86_400_000));
      await writer.write(buildInsert([[templates, templateList]]), () => (summary.templates = templateList.length));

      options.onPhase?.(`communications (${total.toLocaleString("en")})`);
      const batchSize = scale ? 10_000 : 2_500;
      let batch = emptySeedRows();
      // The audit trail lists events newest id first: they go in last, in time order, so a
      // seeded trail reads like one recorded as it happened.
      const audit: SeedRows["auditEvents"] = [];
      const flush = async () => {
        audit.push(...batch.auditEvents);
        const rows = { ...batch, auditEvents: [], suppressions: newSuppressions(batch.suppressions, suppressed) };
        batch = emptySeedRows();
        const groups: TableRows[] = [
          [communications, rows.communications],
          [attempts, rows.attempts],
          [documents, rows.documents],
          [attemptDocuments, rows.attemptDocuments],
          [providerEvents, rows.providerEvents],
          [auditEvents, rows.auditEvents],
          [suppressions, rows.suppressions],
        ];
        await writer.write(buildInsert(groups), () => {
          addCounts(summary, rows);
          options.onProgress?.(summary.communications, total);
        });
      };
      const generation = { communications: total, customers: customerCount, seed, now, detailRate: scale ? 0.02 : 1 };
      for await (const slice of generateCommunications(generation, profiles)) {
        for (const key of Object.keys(slice) as (keyof SeedRows)[]) (batch[key] as unknown[]).push(...slice[key]);
        if (batch.communications.length >= batchSize) await flush();
        // Let the driver send the batch in flight while the next one is generated.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await flush();
      audit.sort((a, b) => (a.createdAt?.getTime() ?? 0) - (b.createdAt?.getTime() ?? 0));
      for (let i = 0; i < audit.length; i += 10_000) {
        const rows = audit.slice(i, i + 10_000);
        await writer.write(buildInsert([[auditEvents, rows]]), () => (summary.auditEvents += rows.length));
      }
      await writer.drain();
    };
    // Even at 5,000 communications (first start on PGlite) this is ~25% faster.
    await withDeferredIndexes(tx, SEEDED_TABLES, load, (phase) => options.onPhase?.(phase));
    options.onPhase?.("analyze");
    await tx.execute(sql.raw(`ANALYZE ${SEEDED_TABLES.join(", ")}`));
    return summary;
  });
}

/** True once the database holds any communication (first-run seeding checks this). */
export async function isDatabaseSeeded(db: Db): Promise<boolean> {
  const rows = await db.select({ id: communications.id }).from(communications).limit(1);
  return rows.length > 0;
}

function addCounts(summary: SeedSummary, rows: SeedRows): void {
  summary.communications += rows.communications.length;
  summary.attempts += rows.attempts.length;
  summary.documents += rows.documents.length;
  summary.attemptDocuments += rows.attemptDocuments.length;
  summary.providerEvents += rows.providerEvents.length;
  summary.auditEvents += rows.auditEvents.length;
  summary.suppressions += rows.suppressions.length;
}
