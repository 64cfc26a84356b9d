// Errors from the database carry the query's parameters — customer names, addresses, the
// content of messages: Drizzle's DrizzleQueryError in its `params` and in its message
// ("Failed query: … params: …"), the drivers' errors in `detail` ("Key (email)=(…) already
// exists") and PGlite's in `params`. None of that may reach a log. loggableError() turns such
// an error into one with the database's message and SQLSTATE code, and where it was thrown;
// anything else is logged as it is.

type DatabaseError = Error & { code?: unknown; severity?: unknown };

export function loggableError(error: unknown): unknown {
  const chain = causeChain(error);
  const databaseError = chain.find(isDatabaseError);
  if (!databaseError && !chain.some(isQueryError)) return error;
  const code = typeof databaseError?.code === "string" ? ` (SQLSTATE ${databaseError.code})` : "";
  const outer = error instanceof Error && !isQueryError(error) && error !== databaseError ? `${error.message}: ` : "";
  const safe = new Error(`${outer}database query failed${code}: ${databaseError?.message ?? "no message from the database"}`);
  safe.name = "DatabaseQueryError";
  safe.stack = [`${safe.name}: ${safe.message}`, ...frames(chain.find(isQueryError) ?? error)].join("\n");
  return safe;
}

const installed = Symbol.for("herald.consoleGuard");

/**
 * Makes console.error / console.warn log loggableError(argument) for every argument, so an
 * error Next, Inngest or a job logs by itself is redacted too. Once per process.
 */
export function guardConsoleAgainstQueryParameters(target: Console = console): void {
  const marked = target as Console & { [installed]?: true };
  if (marked[installed]) return;
  marked[installed] = true;
  for (const level of ["error", "warn"] as const) {
    const write = target[level].bind(target);
    target[level] = (...args: unknown[]) => write(...args.map(loggableError));
  }
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && chain.length < 10 && !chain.includes(current); current = (current as Error).cause) {
    chain.push(current);
  }
  return chain;
}

/** Drizzle's wrapper (DrizzleQueryError), or PGlite's error: it holds the query and its parameters. */
function isQueryError(error: unknown): error is Error & { query: unknown; params: unknown } {
  return error instanceof Error && "params" in error && "query" in error;
}

/** A Postgres error as pg, the Neon driver and PGlite throw it: severity and a SQLSTATE code. */
function isDatabaseError(error: unknown): error is DatabaseError {
  return (
    error instanceof Error && typeof (error as DatabaseError).code === "string" && typeof (error as DatabaseError).severity === "string"
  );
}

function frames(error: unknown): string[] {
  const stack = error instanceof Error ? (error.stack ?? "") : "";
  return stack.split("\n").filter((line) => /^\s+at /.test(line));
}
