import { eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { containsPattern, MIN_TRIGRAM_LENGTH, readSearchTerms, type SearchTerms, toE164 } from "./search-terms";
import type { Db } from "../client";
import { attempts, communications, customerNames, customers } from "../schema";

// The search box, in three modes decided once per search (resolveSearch), the same for
// both tabs, the API and the downloads:
// - reference: the text is the start of (or exactly) a subject reference, a customer
//   number, a provider message id, an e-mail recipient, or a phone number — exactly those
//   rows, through btree indexes (migration search-indexes);
// - contains: nothing starts with it and it looks like (part of) an identifier — a digit,
//   an @, an address's punctuation (search-terms.ts): the RANKED_LIMIT rows whose search
//   text contains it, through the GIN trigram index on search_text. Never trigram
//   similarity: every invoice number is "similar" to every other one;
// - similar: nothing starts with it and it reads as a (possibly misspelt) name: the
//   RANKED_LIMIT rows of the customers whose name is most like it (pg_trgm word similarity
//   on the distinct customer names, not on every communication), plus the rows whose
//   search text contains it (a street, a fragment of an address), best first.

/** The ranked modes keep at most this many rows: a bounded, ranked answer, never "most of the table". */
export const RANKED_LIMIT = 500;

export type SearchPlan =
  | { mode: "reference"; terms: SearchTerms; e164: string | null }
  | { mode: "contains"; terms: SearchTerms; ranked?: RankedSet }
  | { mode: "similar"; terms: SearchTerms; ranked?: RankedSet };

/**
 * A ranked search's rows in one tab, ranked once (filters.ts resolveFilters with a tab):
 * the list and the counts of a view then read the same ids by key, instead of each ranking
 * every candidate again, and they cannot disagree on which rows matched.
 */
export type RankedSet = { tab: SearchColumns["table"]; ids: string[] };

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
  if (row?.found) return { mode: "reference", terms, e164 };
  return terms.identifier ? { mode: "contains", terms } : { mode: "similar", terms };
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
 * ranked modes rank within them, so the quick-filter counts and every status selection
 * slice one ranked set (counts and rows agree).
 */
export function searchCondition(columns: SearchColumns, plan: SearchPlan, base: SQL[]): SQL {
  const { terms } = plan;
  const source = columns.table === "overview" ? communications : attempts;
  if (plan.mode !== "reference") {
    if (plan.ranked?.tab === columns.table) return inArray(columns.id, plan.ranked.ids);
    return sql`${columns.id} IN (${rankedIdsQuery(columns, plan, base)})`;
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

/** The RANKED_LIMIT best rows a ranked mode matches within `base`, best first: their ids. */
export function rankedIdsQuery(columns: SearchColumns, plan: Exclude<SearchPlan, { mode: "reference" }>, base: SQL[]): SQL<string> {
  return sql`SELECT ranked.id FROM (${rankedCandidates(columns, plan, base)}) AS ranked ORDER BY ranked.rank DESC, ranked.id LIMIT ${RANKED_LIMIT}`;
}

/**
 * (id, rank) of every row a ranked mode matches, within `base`. Similar mode: the rows of
 * the customers whose name is like the text — matched and ranked once per distinct name
 * on customer_names' trigram index (OFFSET 0 keeps the similarity computed per name, not
 * per row), then the customers of those names and their rows read from indexes — and the
 * rows whose search text contains it, ranked by their customer's name too, so a row's rank
 * is one value whichever way it was found.
 */
function rankedCandidates(columns: SearchColumns, plan: Exclude<SearchPlan, { mode: "reference" }>, base: SQL[]): SQL {
  const { terms } = plan;
  const source = columns.table === "overview" ? communications : attempts;
  const contains = sql.join([...base, sql`${columns.searchText} LIKE ${containsPattern(terms.text)}`], sql` AND `);
  if (plan.mode === "contains")
    return sql`SELECT ${columns.id} AS id, ${similarity(columns, plan)} AS rank FROM ${source} WHERE ${contains}`;
  const names = sql`SELECT ${customerNames.name} AS name, word_similarity(${terms.text}, ${customerNames.name}) AS rank FROM ${customerNames} WHERE ${terms.text} <% ${customerNames.name} OFFSET 0`;
  // LATERAL … OFFSET 0: the customers of each name through the (name, id) index, never a
  // hash join over every customer (the planner's choice on a small table).
  const alike = sql`SELECT bearers.id, names.rank FROM (${names}) AS names CROSS JOIN LATERAL (SELECT ${customers.id} AS id FROM ${customers} WHERE ${customers.name} = names.name OFFSET 0) AS bearers`;
  const byName = sql.join([...base, sql`${columns.customerId} = alike.id`], sql` AND `);
  // Each arm keeps only its own best RANKED_LIMIT rows (the best of the union are among
  // them), so the union de-duplicates a thousand rows, not every row of every similar name.
  const best = sql`ORDER BY rank DESC, id LIMIT ${RANKED_LIMIT}`;
  return sql`(SELECT ${columns.id} AS id, alike.rank FROM (${alike}) AS alike JOIN ${source} ON ${byName} ${best})
    UNION
    (SELECT ${columns.id} AS id, ${similarity(columns, plan)} AS rank FROM ${source} WHERE ${contains} ${best})`;
}

/**
 * A ranked row's rank, for its ORDER BY and keyset: how similar its customer's name is
 * (similar mode), or its own search text (contains mode).
 */
export function similarity(columns: SearchColumns, plan: Exclude<SearchPlan, { mode: "reference" }>): SQL<number> {
  if (plan.mode === "contains") return sql<number>`word_similarity(${plan.terms.text}, ${columns.searchText})`;
  return sql<number>`(SELECT word_similarity(${plan.terms.text}, ${customers.name}) FROM ${customers} WHERE ${customers.id} = ${columns.customerId})`;
}

/** What an attempt itself can match: its provider's message id, its recipient (e-mail as typed, phone in E.164). */
function attemptMatch(terms: SearchTerms, e164: string | null): SQL {
  const arms = [sql`${lower(attempts.providerMessageId)} LIKE ${terms.prefix}`];
  if (terms.email) arms.push(sql`${lower(attempts.recipient)} LIKE ${terms.prefix}`);
  if (e164) arms.push(sql`${lower(attempts.recipient)} = ${e164.toLowerCase()}`);
  return sql`(${sql.join(arms, sql` OR `)})`;
}

/** lower(column): the expression the text_pattern_ops indexes are built on. */
function lower(column: PgColumn): SQL {
  return sql`lower(${column})`;
}
