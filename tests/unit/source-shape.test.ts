import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";

// Past 300 lines a source file usually does several jobs; split it by job (the sending
// queries became db/queries/sending-reads.ts, attempt-writes.ts, communication-intake.ts).
// Generated files are exempt: migrations, and files whose header says they are generated
// (tests/support/platform-api-types.ts, written by `npm run openapi`).

const ROOT = path.resolve(import.meta.dirname, "../..");
const MAX_LINES = 300;

it(`keeps every tracked source file at ${MAX_LINES} lines or fewer`, () => {
  const tracked = execFileSync("git", ["ls-files", "-z", "--", "*.ts", "*.tsx", "*.mjs"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((file) => file && !file.startsWith("db/migrations/") && !file.includes("node_modules/"));
  expect(tracked.length).toBeGreaterThan(100);
  const tooLong = tracked.flatMap((file) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    if (/auto-generated|@generated/.test(text.slice(0, 200))) return [];
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    return lines > MAX_LINES ? [`${file}: ${lines} lines`] : [];
  });
  expect(tooLong).toEqual([]);
});
