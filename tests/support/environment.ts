import { existsSync } from "node:fs";

// What the test suites need from the machine; read by vitest.config.ts and scripts/test.ts.
export const isCI = process.env.CI === "true";
export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const postgresUrl = new URL(process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");

/** Under CI=true the browser suite is mandatory; elsewhere it needs a Chromium. */
export function shouldRunBrowserSuite(): boolean {
  return isCI || existsSync(chromiumPath);
}
