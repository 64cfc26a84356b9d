import { z } from "zod";

// Postgres text and jsonb cannot hold the NUL character (U+0000): a value carrying one
// fails its INSERT, which used to answer 500. Every string the platform API accepts — body
// fields, template data at any depth, query parameters — is checked here first and refused
// with a message naming the field. `__proto__` is refused as a key of free-form objects:
// zod (like any object copy) drops it silently, and a silently dropped field is a lie.

export const NUL_PROBLEM = "must not contain the NUL character (\\u0000)";

export function hasNul(value: string): boolean {
  return value.includes("\u0000");
}

/** z.string() refusing NUL: the base of every string in the platform API's schemas. */
export function text() {
  return z.string().refine((value) => !hasNul(value), NUL_PROBLEM);
}

type Path = (string | number)[];
export type JsonProblem = { path: Path; message: string };

/** Every NUL (in a string or a key) and every `__proto__` key in a parsed JSON value, with its path. */
export function jsonValueProblems(value: unknown, path: Path = []): JsonProblem[] {
  if (typeof value === "string") return hasNul(value) ? [{ path, message: NUL_PROBLEM }] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => jsonValueProblems(item, [...path, index]));
  if (value === null || typeof value !== "object") return [];
  return Object.keys(value).flatMap((key) => {
    const here = [...path, key];
    if (key === "__proto__") return [{ path: here, message: '"__proto__" is not an accepted key' }];
    if (hasNul(key)) return [{ path: [...path, key.replaceAll("\u0000", "\\u0000")], message: `the key ${NUL_PROBLEM}` }];
    return jsonValueProblems((value as Record<string, unknown>)[key], here);
  });
}

/**
 * A free-form JSON value (the platform's template data) read by `schema`, refused first,
 * naming the place, when anything in it could not be stored or would be dropped on the way
 * (jsonValueProblems). The OpenAPI document shows `schema`.
 */
export function checkedJson<T extends z.ZodType>(schema: T) {
  return z.preprocess((value, ctx) => {
    for (const problem of jsonValueProblems(value))
      ctx.addIssue({ code: "custom", path: problem.path, message: problem.message, input: value });
    return value;
  }, schema);
}
