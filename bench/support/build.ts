import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// The production build the benchmarks measure: `next build`, only when `.next` was not
// built from the sources as they are now — the same fingerprint (a SHA-256 over every
// source file, beside the build) as scripts/start.ts, so either reuses the other's build.

/** Builds the app unless `.next` is current; resolves with whether it built. */
export async function ensureProductionBuild(root: string): Promise<boolean> {
  if (isBuildCurrent(root)) return false;
  console.log("Building Herald for production (next build: sources changed since the last build)…");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
  });
  recordBuild(root);
  return true;
}

const SOURCES = ["app", "components", "lib", "db", "inngest", "proxy.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

function isBuildCurrent(root: string): boolean {
  const file = fingerprintFile(root);
  return existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(file) && readFileSync(file, "utf8") === sourceFingerprint(root);
}

/** Records that the build in `.next` is of the sources as they are now. */
function recordBuild(root: string): void {
  writeFileSync(fingerprintFile(root), sourceFingerprint(root));
}

function fingerprintFile(root: string): string {
  return path.join(root, ".next", "herald-source-fingerprint");
}

function sourceFingerprint(root: string): string {
  const hash = createHash("sha256");
  const visit = (entry: string) => {
    if (!existsSync(entry)) return;
    if (statSync(entry).isDirectory()) {
      for (const name of readdirSync(entry).sort()) visit(path.join(entry, name));
    } else {
      hash.update(path.relative(root, entry)).update(readFileSync(entry));
    }
  };
  for (const entry of SOURCES) visit(path.join(root, entry));
  return hash.digest("hex");
}
