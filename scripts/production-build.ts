import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

// The production build `npm start` serves and the benchmarks and browser tests measure:
// `next build`, only when `.next` was not built from the sources as they are now (a SHA-256
// over every source file, kept beside the build), so each reuses the others' build.

const SOURCES = ["app", "components", "lib", "db", "inngest", "proxy.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

/** Builds the app unless `.next` is current; resolves with whether it built. */
export async function ensureProductionBuild(root: string): Promise<boolean> {
  const fingerprint = sourceFingerprint(root);
  if (existsSync(path.join(root, ".next", "BUILD_ID")) && readIfExists(fingerprintFile(root)) === fingerprint) return false;
  console.log("Building Herald (first start or changed sources)…");
  await new Promise<void>((resolve, reject) => {
    const nextCli = createRequire(import.meta.url).resolve("next/dist/bin/next");
    const child = spawn(process.execPath, [nextCli, "build"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    });
    // Stopped while building (SIGTERM to npm start): the build stops too, rather than run on alone.
    const stop = (signal: NodeJS.Signals) => child.kill(signal);
    process.on("SIGINT", stop).on("SIGTERM", stop);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", stop).off("SIGTERM", stop);
      if (code === 0) resolve();
      else reject(new Error(`next build ${signal ? `stopped by ${signal}` : `exited with ${code}`}`));
    });
  });
  writeFileSync(fingerprintFile(root), fingerprint);
  return true;
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

function readIfExists(file: string): string | null {
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}
