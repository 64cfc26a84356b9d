import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, lte, not, or, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { attempts, communications } from "../schema";
import type { AttemptStatus as Status, Category, Channel } from "../schema/enums";

/** The search-and-filter bar, shared by both tabs (already validated by the caller). */
export type CommunicationFilters = {
  search?: string;
  /** Quick filter and fine-grained status, already intersected; undefined = any. */
  statuses?: Status[];
  channels?: Channel[];
  categories?: Category[];
  /** Inclusive range on the row's date (last activity / attempt time). */
  from?: Date;
  to?: Date;
  customerId?: string;
  locationGroup?: string;
  showIgnored?: boolean;
  /** Only these rows (a selection on the page); the other filters still apply. */
  ids?: string[];
};

export type SortDirection = "desc" | "asc";
export type Keyset = { at: Date; id: string };

// Searches shorter than 3 characters cannot use a trigram index; they only match the
// start of the subject reference (btree-free but bounded by the other filters).
const MIN_TRIGRAM = 3;

type FilterColumns = {
  id: PgColumn;
  search: PgColumn;
  status: PgColumn;
  channel: PgColumn;
  category: PgColumn;
  date: PgColumn;
  customerId: PgColumn;
  locationGroup: PgColumn;
  subjectRef: PgColumn;
};

const overviewColumns: FilterColumns = {
  id: communications.id,
  search: communications.searchText,
  status: communications.status,
  channel: communications.channel,
  category: communications.category,
  date: communications.lastActivityAt,
  customerId: communications.customerId,
  locationGroup: communications.locationGroup,
  subjectRef: communications.subjectRef,
};

const logColumns: FilterColumns = {
  id: attempts.id,
  search: attempts.searchText,
  status: attempts.status,
  channel: attempts.channel,
  category: attempts.category,
  date: attempts.createdAt,
  customerId: attempts.customerId,
  locationGroup: attempts.locationGroup,
  subjectRef: attempts.subjectRef,
};

/** WHERE conditions for the Communication tab; `omitStatus` for the quick-filter counts. */
export function overviewConditions(filters: CommunicationFilters, { omitStatus = false } = {}): SQL[] {
  const conditions = sharedConditions(overviewColumns, filters, omitStatus);
  conditions.push(not(communications.collectingData));
  if (!filters.showIgnored) conditions.push(isNull(communications.ignoredAt));
  return conditions;
}

/** WHERE conditions for the Communication log tab. */
export function logConditions(filters: CommunicationFilters, { omitStatus = false } = {}): SQL[] {
  const conditions = sharedConditions(logColumns, filters, omitStatus);
  // Attempts never exist while their communication is still collecting data.
  if (!filters.showIgnored) conditions.push(isNull(attempts.communicationIgnoredAt));
  return conditions;
}

/** Keyset condition and ORDER BY on (date, id) in the chosen direction. */
export function keysetPage(dateColumn: PgColumn, idColumn: PgColumn, direction: SortDirection, cursor?: Keyset) {
  const before = direction === "desc" ? lt : gt;
  const condition = cursor
    ? or(before(dateColumn, cursor.at), and(eq(dateColumn, cursor.at), before(idColumn, cursor.id)))
    : undefined;
  const order = direction === "desc" ? [desc(dateColumn), desc(idColumn)] : [asc(dateColumn), asc(idColumn)];
  return { condition, order };
}

function normaliseSearch(search: string): string {
  return search.trim().toLowerCase().replace(/\s+/g, " ");
}

function sharedConditions(columns: FilterColumns, filters: CommunicationFilters, omitStatus: boolean): SQL[] {
  const conditions: SQL[] = [];
  const search = filters.search ? normaliseSearch(filters.search) : "";
  if (search.length >= MIN_TRIGRAM) {
    // Substring match, or a close word match for slightly misspelled input (`<%` is
    // pg_trgm's word similarity; both operators are served by the gin_trgm_ops index).
    const pattern = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`(${columns.search} LIKE ${pattern} OR ${search} <% ${columns.search})`);
  } else if (search.length > 0) {
    conditions.push(sql`lower(${columns.subjectRef}) LIKE ${`${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  }
  if (!omitStatus && filters.statuses) conditions.push(inArray(columns.status, filters.statuses));
  if (filters.channels?.length) conditions.push(inArray(columns.channel, filters.channels));
  if (filters.categories?.length) conditions.push(inArray(columns.category, filters.categories));
  if (filters.from) conditions.push(gte(columns.date, filters.from));
  if (filters.to) conditions.push(lte(columns.date, filters.to));
  if (filters.customerId) conditions.push(eq(columns.customerId, filters.customerId));
  if (filters.locationGroup) conditions.push(eq(columns.locationGroup, filters.locationGroup));
  if (filters.ids) conditions.push(inArray(columns.id, filters.ids));
  return conditions;
}
