import { eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { containsPattern, MIN_TRIGRAM_LENGTH, readSearchTerms, type SearchTerms, toE164 } from "./search-terms";
import type { Db } from "../client";
import { attempts, communications, customers } from "../schema";

// The search box, in two modes decided once per search (resolveSearch), the same for both
// tabs, the API and the downloads:
// - reference: the text is the start of (or exactly) a subject reference, a customer
//   number, a provider message id, an e-mail recipient, or a phone number — exactly those
//   rows, through btree indexes (migration search-indexes);
// - similar: nothing starts with it, so it is read as a (possibly misspelt) name or a
//   fragment: the RANKED_LIMIT rows most similar by pg_trgm word similarity, best first,
//   through the GIN trigram index on search_text.

/** The similar mode keeps at most this many rows: a bounded, ranked answer, never "most of the table". */
export const RANKED_LIMIT = 500;

export type SearchPlan = { mode: "reference"; terms: SearchTerms; e164: string | null } | { mode: "similar"; terms: SearchTerms };

/** Reads the text and asks the indexes whether anything starts with it (one round trip of index probes). */
export async function resolveSearch(db: Db, params: { search?: string; customerId?: string }): Promise<SearchPlan | undefined> {
  const terms = params.search ? readSearchTerms(params.search) : null;
  if (!terms) return undefined;
  const e164 = terms.phoneLike ? toE164(terms.text, await phoneCountry(db, params.customerId)) : null;
  if (terms.text.length < MIN_TRIGRAM_LENGTH) return { mode: "reference", terms, e164 };
  const probes = [
    sql`EXISTS (SELECT 1 FROM ${communications} WHERE ${lower(communications.subjectRef)} LIKE ${terms.prefix})`,
    sql`EXISTS (SELECT 1 FROM ${customers} WHERE ${lower(customers.externalRef)} LIKE ${terms.prefix})`,
    sql`EXISTS (SELECT 1 FROM ${attempts} WHERE ${attemptMatch(terms, e164)})`,
  ];
  const result = await db.execute(sql`SELECT (${sql.join(probes, sql` OR `)}) AS found`);
  const [row] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { found: boolean }[];
  return row?.found ? { mode: "reference", terms, e164 } : { mode: "similar", terms };
}

/** National numbers are read in the filtered customer's country, else France (most customers). */
async function phoneCountry(db: Db, customerId: string | undefined): Promise<string | null> {
  if (!customerId) return null;
  const [row] = await db.select({ country: customers.country }).from(customers).where(eq(customers.id, customerId));
  return row?.country ?? null;
}

export type SearchColumns = { table: "overview" | "log"; id: PgColumn; subjectRef: PgColumn; customerId: PgColumn; searchText: PgColumn };

/**
 * The search condition of a tab. `base` are the tab's other conditions except status: the
 * similar mode ranks within them, so the quick-filter counts and every status selection
 * slice one ranked set (counts and rows agree).
 */
export function searchCondition(columns: SearchColumns, plan: SearchPlan, base: SQL[]): SQL {
  const { terms } = plan;
  const source = columns.table === "overview" ? communications : attempts;
  if (plan.mode === "similar") {
    const where = sql.join([...base, similarMatch(columns, terms)], sql` AND `);
    return sql`${columns.id} IN (SELECT ${columns.id} FROM ${source} WHERE ${where} ORDER BY ${similarity(columns, terms)} DESC, ${columns.id} LIMIT ${RANKED_LIMIT})`;
  }
  // = ANY(ARRAY(subquery)) is computed once, before the scan: each arm of the OR stays an
  // index scan (a BitmapOr) instead of a hashed subplan tested against every row, and the
  // outer query looks its few ids up by primary key — the planner never walks the date
  // index filtering row after row in the hope of finding a page of matches early.
  const byCustomer = sql`${columns.customerId} = ANY(ARRAY(SELECT ${customers.id} FROM ${customers} WHERE ${lower(customers.externalRef)} LIKE ${terms.prefix}))`;
  const bySubject = sql`${lower(columns.subjectRef)} LIKE ${terms.prefix}`;
  const byAttempt =
    columns.table === "overview"
      ? sql`${columns.id} = ANY(ARRAY(SELECT ${attempts.communicationId} FROM ${attempts} WHERE ${attemptMatch(terms, plan.e164)}))`
      : attemptMatch(terms, plan.e164);
  return sql`${columns.id} = ANY(ARRAY(SELECT ${columns.id} FROM ${source} WHERE ${bySubject} OR ${byCustomer} OR ${byAttempt}))`;
}

/** Ranked mode's order: most similar first, then id (a total order for the keyset). */
export function similarity(columns: SearchColumns, terms: SearchTerms): SQL<number> {
  return sql<number>`word_similarity(${terms.text}, ${columns.searchText})`;
}

/** What an attempt itself can match: its provider's message id, its recipient (e-mail as typed, phone in E.164). */
function attemptMatch(terms: SearchTerms, e164: string | null): SQL {
  const arms = [sql`${lower(attempts.providerMessageId)} LIKE ${terms.prefix}`];
  if (terms.email) arms.push(sql`${lower(attempts.recipient)} LIKE ${terms.prefix}`);
  if (e164) arms.push(sql`${lower(attempts.recipient)} = ${e164.toLowerCase()}`);
  return sql`(${sql.join(arms, sql` OR `)})`;
}

// A fragment anywhere (`LIKE '%…%'`) or a close word (`<%`, pg_trgm word similarity above
// pg_trgm.word_similarity_threshold): both served by the gin_trgm_ops index.
function similarMatch(columns: SearchColumns, terms: SearchTerms): SQL {
  return sql`(${columns.searchText} LIKE ${containsPattern(terms.text)} OR ${terms.text} <% ${columns.searchText})`;
}

/** lower(column): the expression the text_pattern_ops indexes are built on. */
function lower(column: PgColumn): SQL {
  return sql`lower(${column})`;
}
