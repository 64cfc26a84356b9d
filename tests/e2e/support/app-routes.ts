import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export type AppEntry = { kind: "page" | "route"; file: string; url: string; methods: string[] };

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/**
 * Every page.tsx and route.ts under app/, found by walking the folder — a route added
 * later is picked up without touching the tests. URLs drop route groups `(staff)` and
 * fill dynamic segments with a placeholder (a real-looking uuid, so a handler that
 * parses its id still reaches its access check).
 */
export function listAppEntries(root = path.join(process.cwd(), "app")): AppEntry[] {
  const entries: AppEntry[] = [];
  const visit = (dir: string) => {
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, item.name);
      if (item.isDirectory()) visit(full);
      else if (item.name === "page.tsx" || item.name === "route.ts") {
        const kind = item.name === "page.tsx" ? "page" : "route";
        const source = readFileSync(full, "utf8");
        entries.push({
          kind,
          file: path.relative(process.cwd(), full),
          url: toUrl(path.relative(root, dir)),
          methods: kind === "page" ? ["GET"] : exportedMethods(source),
        });
      }
    }
  };
  visit(root);
  return entries.sort((a, b) => a.file.localeCompare(b.file));
}

function toUrl(dir: string): string {
  const segments = dir
    .split(path.sep)
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) =>
      /^\[\[?\.\.\./.test(segment) ? "probe" : /^\[.*\]$/.test(segment) ? "00000000-0000-4000-8000-000000000000" : segment,
    );
  return `/${segments.join("/")}`;
}

function exportedMethods(source: string): string[] {
  return METHODS.filter((method) =>
    new RegExp(`export\\s+(async\\s+)?(function|const)\\s+${method}\\b|export\\s+const\\s+\\{[^}]*\\b${method}\\b`).test(source),
  );
}
