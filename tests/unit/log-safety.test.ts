import { inspect } from "node:util";
import { DrizzleQueryError } from "drizzle-orm/errors";
import { describe, expect, it } from "vitest";
import { guardConsoleAgainstQueryParameters, loggableError } from "@/lib/log-safety";

// A failed query's parameters hold customer data; what a log shows of such an error is the
// database's message and SQLSTATE code and where it was thrown, never the parameters or the
// driver's `detail`. Printed as Node prints an error (util.inspect), cause chain included.

const PERSONAL = ["Jeanne Dupont-Secret", "jeanne.secret@example.fr", "12 rue des Lilas"];

function postgresError(message: string, code: string) {
  return Object.assign(new Error(message), {
    severity: "ERROR",
    code,
    detail: `Key (external_ref)=(${PERSONAL[1]}) already exists.`,
    where: `SQL statement with ${PERSONAL[2]}`,
  });
}

const queryError = () =>
  new DrizzleQueryError(
    'insert into "customers" ("name", "email", "line1") values ($1, $2, $3)',
    PERSONAL,
    postgresError('duplicate key value violates unique constraint "customers_external_ref_key"', "23505"),
  );

const printed = (value: unknown) => inspect(value, { depth: 10 });

describe("log safety", () => {
  it("a Drizzle query error logs the database's message and code, and its stack frames, not the parameters", () => {
    const original = queryError();
    for (const value of PERSONAL) expect(printed(original)).toContain(value);
    const safe = printed(loggableError(original));
    for (const value of PERSONAL) expect(safe).not.toContain(value);
    expect(safe).toContain(
      'database query failed (SQLSTATE 23505): duplicate key value violates unique constraint "customers_external_ref_key"',
    );
    expect(safe).toMatch(/\n\s+at /);
  });

  it("also when the query error is the cause of another error, or a driver error carries the query itself", () => {
    const wrapped = new Error("send-attempt failed", { cause: queryError() });
    const safe = printed(loggableError(wrapped));
    for (const value of PERSONAL) expect(safe).not.toContain(value);
    expect(safe).toContain("send-attempt failed: database query failed (SQLSTATE 23505)");

    const pglite = Object.assign(postgresError("unsupported Unicode escape sequence", "22P05"), { query: "insert …", params: PERSONAL });
    const fromPglite = printed(loggableError(pglite));
    for (const value of PERSONAL) expect(fromPglite).not.toContain(value);
    expect(fromPglite).toContain("(SQLSTATE 22P05): unsupported Unicode escape sequence");
  });

  it("leaves every other error and value as it is", () => {
    const plain = new Error("provider answered 503");
    expect(loggableError(plain)).toBe(plain);
    expect(loggableError("a message")).toBe("a message");
  });

  it("the console guard redacts what anything else logs through console.error and console.warn", () => {
    const lines: string[] = [];
    const sink = {
      error: (...args: unknown[]) => lines.push(args.map(printed).join(" ")),
      warn: (...args: unknown[]) => lines.push(args.map(printed).join(" ")),
    };
    const target = sink as unknown as Console;
    guardConsoleAgainstQueryParameters(target);
    guardConsoleAgainstQueryParameters(target);
    target.error("⨯ unhandled", queryError());
    target.warn(new Error("retrying", { cause: queryError() }));
    expect(lines).toHaveLength(2);
    for (const line of lines) for (const value of PERSONAL) expect(line).not.toContain(value);
    expect(lines[0]).toContain("⨯ unhandled");
    expect(lines[1]).toContain("retrying: database query failed (SQLSTATE 23505)");
  });
});
