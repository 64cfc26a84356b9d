import { type Browser, chromium, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Debian's Chromium, headless, with the background services that would reach for the
 * internet turned off. Playwright gives each launch a fresh temporary profile.
 */
export async function launchChromium(): Promise<Browser & { dispose: () => Promise<void> }> {
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
    ],
  });
  return Object.assign(browser, { dispose: () => browser.close() });
}

/** Waits until every island on the page is hydrated (components/ui/use-hydrated.ts). */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector("[data-hydrating]"));
}
