import { createHash } from "node:crypto";
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import type { Db } from "../client";

// The hot statements of webhook ingress and feedback run as named prepared statements,
// compiled once per shape: their values are `sql.placeholder(name)`, filled in per call.

type Internals = {
  session: {
    prepareQuery: (
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      arrayMode: false,
    ) => { execute: (values?: Record<string, unknown>) => Promise<unknown> };
  };
};

/** A statement's text and parameters (placeholders where its values go), and the name it is prepared under. */
export type CompiledStatement = { sql: string; params: unknown[]; name: string };

// Raw SQL only: the dialect's casing never applies, so one instance serves every driver.
const dialect = new PgDialect();

/**
 * `query` compiled once: its text, named after itself (pg and Neon keep named statements
 * per connection, so Postgres parses and plans each shape once per connection, not per
 * request; PGlite ignores the name). Its values are `sql.placeholder(name)`.
 */
export function compileStatement(query: SQL): CompiledStatement {
  const built = dialect.sqlToQuery(query);
  return { ...built, name: `herald_${createHash("sha256").update(built.sql).digest("hex").slice(0, 24)}` };
}

/**
 * A family of statements whose text depends on a few choices (`shape`): each shape is
 * compiled the first time it is asked for, then reused.
 */
export function statementShapes<Shape extends string>(build: (shape: Shape) => SQL): (shape: Shape) => CompiledStatement {
  const compiled = new Map<Shape, CompiledStatement>();
  return (shape) => {
    let statement = compiled.get(shape);
    if (!statement) compiled.set(shape, (statement = compileStatement(build(shape))));
    return statement;
  };
}

/** Runs a compiled statement with `values` for its placeholders: `db.execute`, prepared. */
export function executePrepared(db: Db, statement: CompiledStatement, values: Record<string, unknown> = {}): Promise<unknown> {
  const { session } = db as unknown as Internals;
  return session.prepareQuery(statement, undefined, statement.name, false).execute(values);
}

/** The rows of a raw result, whichever driver returned it (PGlite and Neon's HTTP give arrays). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
