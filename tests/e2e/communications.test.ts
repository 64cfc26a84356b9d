import { mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, inject } from "vitest";
import { launchChromium } from "./support/browser";
import { CommunicationsPage } from "./support/communications-page";

const SCREENSHOTS = path.join(process.cwd(), "tests/e2e/__screenshots__");

let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(() => browser?.dispose());

describe("Communications page after a fresh `npm start`", () => {
  it("lists seeded communications with status badges, newest first", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const communications = new CommunicationsPage(page, inject("baseUrl"));
    await communications.goto();

    await expect(communications.heading.isVisible()).resolves.toBe(true);
    expect(await communications.bodyRows.count()).toBe(50);
    const statuses = await communications.table.locator("tbody tr td:nth-child(5)").allInnerTexts();
    expect(statuses.some((text) => text.startsWith("Failed"))).toBe(true);
    expect(statuses.some((text) => text.startsWith("Delivered"))).toBe(true);

    const times = await communications.table.locator("tbody time").evaluateAll((nodes) =>
      nodes.map((node) => Date.parse(node.getAttribute("datetime") ?? "")),
    );
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const allCount = Number((await communications.statusCount("All").innerText()).replace(/\D/g, ""));
    expect(allCount).toBeGreaterThan(1000);
    await page.screenshot({ path: path.join(SCREENSHOTS, "communications.png"), fullPage: true });
    await page.close();
  });

  it("pages to older rows with a keyset cursor in the URL", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const communications = new CommunicationsPage(page, inject("baseUrl"));
    await communications.goto();
    const firstPageIds = await communications.bodyRows.allInnerTexts();
    await communications.olderLink.click();
    await page.waitForURL(/cursor=/);
    const secondPageIds = await communications.bodyRows.allInnerTexts();
    expect(secondPageIds).toHaveLength(50);
    expect(secondPageIds.filter((row) => firstPageIds.includes(row))).toEqual([]);
    await page.close();
  });

  it("renders on a narrow screen", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const communications = new CommunicationsPage(page, inject("baseUrl"));
    await communications.goto();
    await expect(communications.table.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, "communications-narrow.png") });
    await page.close();
  });
});
