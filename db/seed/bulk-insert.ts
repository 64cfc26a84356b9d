import { getTableColumns, getTableName, type SQL, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../client";

// Bulk loading without COPY (the Neon and PGlite drivers have none): each table's rows
// become one `INSERT … SELECT FROM unnest(…)` with one text-array parameter per column,
// so a statement costs a handful of parameters whatever the row count (no 65,535-
// parameter ceiling), and Postgres parses arrays far faster than it plans a huge VALUES
// list. Several tables go into one statement as data-modifying CTEs: one round trip per
// batch, which the caller can build while the previous batch is still being written.

type Row = Record<string, unknown>;

export type TableRows = readonly [PgTable, readonly Row[]];

/** One statement inserting every non-empty group, or null when there is nothing to insert. */
export function buildInsert(groups: readonly TableRows[]): SQL | null {
  const parts = groups.filter(([, rows]) => rows.length > 0).map(([table, rows]) => insertStatement(table, rows));
  const last = parts.pop();
  if (!last) return null;
  if (parts.length === 0) return last;
  return sql`WITH ${sql.join(
    parts.map((part, i) => sql`${sql.identifier(`insert_${i}`)} AS (${part})`),
    sql`, `,
  )} ${last}`;
}

/**
 * Runs one statement at a time on `db` without making the caller wait for it: `write`
 * returns once the previous statement has finished and this one is on its way, so the
 * next batch can be generated and built meanwhile. A failure surfaces at the next
 * `write` or at `drain`.
 */
export function createPipelinedWriter(db: Db) {
  let pending: Promise<unknown> = Promise.resolve();
  return {
    async write(statement: SQL | null, onDone: () => void): Promise<void> {
      await pending;
      if (!statement) return;
      pending = db.execute(statement).then(onDone);
      // Awaited by the next write or drain; this only keeps Node from reporting it as unhandled meanwhile.
      pending.catch(() => undefined);
    },
    drain: async (): Promise<void> => void (await pending),
  };
}

function insertStatement(table: PgTable, rows: readonly Row[]): SQL {
  const columns = getTableColumns(table);
  const keys = Object.keys(rows[0]!);
  const names: string[] = [];
  const selects: string[] = [];
  const params = keys.map((key, i) => {
    const column = columns[key];
    if (!column) throw new Error(`insertStatement: ${getTableName(table)} has no column "${key}"`);
    const type = column.getSQLType();
    names.push(`"${column.name}"`);
    selects.push(type === "bytea" ? `decode(u.c${i}, 'hex')` : `u.c${i}::${type}`);
    return sql`${arrayLiteral(rows, key, type)}::text::text[]`;
  });
  const aliases = keys.map((_, i) => `c${i}`).join(", ");
  return sql`INSERT INTO ${sql.identifier(getTableName(table))} (${sql.raw(names.join(", "))})
    SELECT ${sql.raw(selects.join(", "))} FROM unnest(${sql.join(params, sql`, `)}) AS u(${sql.raw(aliases)})`;
}

/**
 * Runs `load` with the secondary indexes and foreign keys of `tables` dropped, then
 * recreates them from their own catalogue definitions (what pg_restore does): building
 * a GIN trigram index once over a million rows is many times faster than maintaining it
 * row by row. Call it inside a transaction, so a failure leaves the schema untouched.
 * Primary keys and unique constraints stay, so duplicates still fail fast.
 */
export async function withDeferredIndexes<T>(
  db: Db,
  tables: string[],
  load: () => Promise<T>,
  onPhase?: (phase: string) => void,
): Promise<T> {
  const list = `{${tables.join(",")}}`;
  const indexes = rowsOf<{ name: string; definition: string }>(
    await db.execute(sql`
      SELECT ic.relname AS name, pg_get_indexdef(i.indexrelid) AS definition
      FROM pg_index i
      JOIN pg_class ic ON ic.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(${list}::text::text[])
        AND NOT EXISTS (
          SELECT 1 FROM pg_constraint c
          WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
      ORDER BY ic.relname`),
  );
  const foreignKeys = rowsOf<{ table: string; name: string; definition: string }>(
    await db.execute(sql`
      SELECT t.relname AS table, c.conname AS name, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c
      JOIN pg_class t ON t.oid = c.conrelid
      WHERE c.contype = 'f' AND t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(${list}::text::text[])
      ORDER BY t.relname, c.conname`),
  );
  for (const fk of foreignKeys) await db.execute(sql`ALTER TABLE ${sql.identifier(fk.table)} DROP CONSTRAINT ${sql.identifier(fk.name)}`);
  for (const index of indexes) await db.execute(sql`DROP INDEX ${sql.identifier(index.name)}`);
  const result = await load();
  await db.execute(sql`SET LOCAL maintenance_work_mem = '512MB'`);
  onPhase?.(`indexes (${indexes.length})`);
  for (const index of indexes) await db.execute(sql.raw(index.definition));
  onPhase?.(`foreign keys (${foreignKeys.length})`);
  for (const fk of foreignKeys) {
    await db.execute(sql`ALTER TABLE ${sql.identifier(fk.table)} ADD CONSTRAINT ${sql.identifier(fk.name)} ${sql.raw(fk.definition)}`);
  }
  return result;
}

/** The three drivers return `{ rows }` from execute(); the Db type cannot say so. */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

// Postgres array literal of the column's values, each element quoted and escaped (or
// NULL); the SELECT casts each element to the column's type.
function arrayLiteral(rows: readonly Row[], key: string, type: string): string {
  const parts = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) parts[i] = element(rows[i]![key], type);
  return `{${parts.join(",")}}`;
}

function element(value: unknown, type: string): string {
  if (value === null || value === undefined) return "NULL";
  if (type === "bytea") {
    const bytes = value as Uint8Array;
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("hex");
  }
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return value ? "t" : "f";
  if (Array.isArray(value)) return quote(`{${value.join(",")}}`);
  if (typeof value === "object") return quote(JSON.stringify(value));
  return quote(String(value));
}

function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}
