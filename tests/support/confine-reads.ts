import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { afterAll, expect } from "vitest";

// Setup file of the unit and integration projects: any file-system read inside the
// repository's parent folder but outside the repository (a sibling checkout, a shared
// folder) is recorded and fails the file. A clone with nothing beside it must pass the same
// tests, so nothing may lean on what happens to sit next to it. System paths (/usr, /tmp,
// /proc) are not the repository's neighbours and stay readable.

const ROOT = path.resolve(import.meta.dirname, "../..");
const NEIGHBOURHOOD = path.dirname(ROOT);
// node_modules may be a link into another checkout; what it points at is the install, not a neighbour.
const ALLOWED = [ROOT, fs.realpathSync(ROOT), realpathOrNull(path.join(ROOT, "node_modules"))].filter((dir): dir is string => dir !== null);
const escapes = new Set<string>();

function isNeighbour(target: unknown): boolean {
  if (typeof target !== "string" && !(target instanceof URL)) return false;
  const absolute = path.resolve(target instanceof URL ? target.pathname : target);
  const inside = (dir: string) => absolute === dir || absolute.startsWith(dir + path.sep);
  return inside(NEIGHBOURHOOD) && !ALLOWED.some(inside);
}

function guard<T extends (...args: never[]) => unknown>(original: T): T {
  return function (this: unknown, ...args: Parameters<T>) {
    if (isNeighbour(args[0])) escapes.add(String(args[0]));
    return original.apply(this, args);
  } as T;
}

// Content and listings only: module resolvers (Node's, TypeScript's) probe ancestor folders
// for node_modules with stat / exists, which is not depending on them.
for (const name of ["readFileSync", "readFile", "createReadStream", "readdirSync", "readdir", "opendirSync", "openSync", "open"] as const) {
  (fs as unknown as Record<string, unknown>)[name] = guard(fs[name] as never);
}
for (const name of ["readFile", "readdir", "open", "opendir"] as const) {
  (fs.promises as unknown as Record<string, unknown>)[name] = guard(fs.promises[name] as never);
}
syncBuiltinESMExports();

afterAll(() => {
  expect([...escapes], "files read outside the repository").toEqual([]);
});

function realpathOrNull(target: string): string | null {
  try {
    return fs.realpathSync(target);
  } catch {
    return null;
  }
}
