import { createHash } from "node:crypto";
import type { SQL } from "drizzle-orm";
import type { Db } from "../client";

// The hot statements of webhook ingress and feedback run as named prepared statements.

type Internals = {
  dialect: { sqlToQuery: (query: SQL) => { sql: string; params: unknown[] } };
  session: {
    prepareQuery: (
      query: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      arrayMode: false,
    ) => { execute: () => Promise<unknown> };
  };
};

/**
 * `db.execute`, as a named prepared statement where the driver keeps them (pg and Neon: per
 * connection, named after the text): Postgres parses and plans each shape of these
 * statements once per connection instead of once per request. PGlite ignores the name.
 */
export function executePrepared(db: Db, query: SQL): Promise<unknown> {
  const { dialect, session } = db as unknown as Internals;
  const built = dialect.sqlToQuery(query);
  const name = `herald_${createHash("sha256").update(built.sql).digest("hex").slice(0, 24)}`;
  return session.prepareQuery(built, undefined, name, false).execute();
}

/** The rows of a raw result, whichever driver returned it (PGlite and Neon's HTTP give arrays). */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as T[];
}
