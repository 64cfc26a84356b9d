import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's Chromium, headless, with the background services that need internet off. */
export async function launchChromium(): Promise<Browser & { dispose: () => Promise<void> }> {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), "herald-chromium-"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${userDataDir}`,
    ],
  });
  return Object.assign(browser, {
    dispose: async () => {
      await browser.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  });
}
