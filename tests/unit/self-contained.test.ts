import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Herald must pass its tests and serve its demo from a clone with nothing beside it: no
// code, test, bench or script may reach above the repository root, and every file a
// comment cites must be in the repository. A runtime guard does the same for actual reads
// (tests/support/confine-reads.ts); this scan also covers code no test executes.

const ROOT = path.resolve(import.meta.dirname, "../..");
const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|sh|json)$|^\.ci\/run$/;
const SELF = "tests/unit/self-contained.test.ts";
const SKIP = /^(package-lock\.json|db\/migrations\/meta\/|tests\/fixtures\/|tests\/unit\/self-contained\.test\.ts$)/;

const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" })
  .split("\n")
  .filter((file) => file && CODE.test(file) && !SKIP.test(file) && existsSync(path.join(ROOT, file)));

type Finding = { file: string; line: number; text: string };

function scan(match: (line: string, file: string) => boolean): Finding[] {
  const findings: Finding[] = [];
  for (const file of files) {
    readFileSync(path.join(ROOT, file), "utf8")
      .split("\n")
      .forEach((text, index) => {
        if (match(text, file)) findings.push({ file, line: index + 1, text: text.trim() });
      });
  }
  return findings;
}

const BASES: Record<string, (file: string) => string> = {
  "process.cwd()": () => ROOT,
  "import.meta.dirname": (file) => path.dirname(path.join(ROOT, file)),
  __dirname: (file) => path.dirname(path.join(ROOT, file)),
};

// path.resolve(base, "…", "…") / path.join(base, …) with literal segments.
const PATH_CALL = /path\.(?:resolve|join)\(\s*(process\.cwd\(\)|import\.meta\.dirname|__dirname)\s*((?:,\s*["'`][^"'`$]*["'`]\s*)+)\)/g;

function escapesRoot(text: string, file: string): boolean {
  for (const [, base = "", literals = ""] of text.matchAll(PATH_CALL)) {
    const segments = [...literals.matchAll(/["'`]([^"'`]*)["'`]/g)].map((segment) => segment[1] ?? "");
    const resolved = path.resolve(BASES[base]!(file), ...segments);
    if (path.relative(ROOT, resolved).startsWith("..")) return true;
  }
  return false;
}

describe("the repository stands alone", () => {
  it("finds the files it scans", () => {
    expect(files).toContain("lib/status.ts");
    expect(files).not.toContain(SELF);
    expect(files.length).toBeGreaterThan(200);
  });

  it("resolves no path above the repository root", () => {
    expect(scan(escapesRoot)).toEqual([]);
  });

  it("names no sibling folder of the repository", () => {
    expect(scan((line) => /\.\.\/shared\b|shared\/fixtures/.test(line))).toEqual([]);
  });

  it("cites documents that are in the repository", () => {
    const outside = scan((line) => /\b(DESIGN|PROVIDERS|STACK|STYLE)\.md\b/.test(line));
    expect(outside).toEqual([]);
    const missing = scan((line) =>
      [...line.matchAll(/\b(docs\/[\w./-]+\.md|tests\/fixtures\/[\w./-]+)/g)].some(
        ([, cited = ""]) => !existsSync(path.join(ROOT, cited.replace(/[.]$/, ""))),
      ),
    );
    expect(missing).toEqual([]);
  });

  it("recognises a path that escapes, and one that does not", () => {
    expect(escapesRoot('path.resolve(process.cwd(), "../shared/fixtures")', "tests/unit/x.ts")).toBe(true);
    expect(escapesRoot('path.resolve(import.meta.dirname, "../../../elsewhere")', "tests/unit/x.ts")).toBe(true);
    expect(escapesRoot('path.resolve(import.meta.dirname, "../fixtures/providers")', "tests/unit/x.ts")).toBe(false);
    expect(escapesRoot('path.join(process.cwd(), ".data", "pglite")', "scripts/start-build.ts")).toBe(false);
  });
});
