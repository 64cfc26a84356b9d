import type { Database } from "@/db/client";

// Every SQL statement a database handle sends to the server, counted at the driver: the
// `query` of every client the Neon Pool checks out (pool.query checks one out too;
// transaction control included: drizzle sends begin/commit through them), PGlite's `query`/`exec` and its transactions (BEGIN and
// COMMIT or ROLLBACK, which PGlite issues itself, are counted too).

export type StatementLog = { statements: string[]; reset: () => void };

type Queryable = { query: (...args: unknown[]) => Promise<unknown>; exec?: (...args: unknown[]) => Promise<unknown> };
type PgliteLike = Queryable & { transaction: (run: (tx: Queryable) => Promise<unknown>) => Promise<unknown> };
type PoolLike = Queryable & { connect: () => Promise<Queryable> };

export function logStatements(database: Database): StatementLog {
  const log: StatementLog = { statements: [], reset: () => void (log.statements.length = 0) };
  const record = (query: unknown) => {
    const text = typeof query === "string" ? query : (query as { text?: string }).text;
    log.statements.push(String(text ?? query).trim());
  };
  const wrap = (target: Queryable) => {
    const marked = target as Queryable & { __statementLog?: true };
    if (marked.__statementLog) return target;
    marked.__statementLog = true;
    for (const method of ["query", "exec"] as const) {
      const original = target[method]?.bind(target);
      if (!original) continue;
      target[method] = (...args: unknown[]) => {
        record(args[0]);
        return original(...args);
      };
    }
    return target;
  };
  const client = (database.db as unknown as { $client: unknown }).$client;
  if (database.driver === "pglite") {
    const pglite = wrap(client as PgliteLike) as PgliteLike;
    const transaction = pglite.transaction.bind(pglite);
    pglite.transaction = async (run) => {
      record("BEGIN");
      try {
        const result = await transaction((tx) => run(wrap(tx)));
        record("COMMIT");
        return result;
      } catch (error) {
        record("ROLLBACK");
        throw error;
      }
    };
  } else {
    // pool.query checks a client out through this.connect too: only the clients count.
    const pool = client as PoolLike;
    const connect = pool.connect.bind(pool) as (...args: unknown[]) => Promise<Queryable>;
    pool.connect = ((...args: unknown[]) => {
      const [callback] = args;
      if (typeof callback !== "function") return connect().then(wrap);
      return connect((error: unknown, checkedOut: Queryable | undefined, done: unknown) =>
        callback(error, checkedOut && wrap(checkedOut), done),
      );
    }) as PoolLike["connect"];
  }
  return log;
}
