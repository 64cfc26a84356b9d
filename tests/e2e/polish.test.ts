import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import type { StaffRole } from "@/lib/auth/roles";
import { launchChromium } from "./support/browser";
import { CommunicationsPage } from "./support/communications-page";

// The page's finish in Chromium: keyboard focus, the URL-driven search box, the layout at a
// laptop's 1280 px and a phone's 390 px, and screenshots of each view for review.
const SCREENSHOTS = path.join(process.cwd(), "tests/e2e/__screenshots__");
const PHONE = { width: 390, height: 844 };

let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(() => browser?.dispose());
afterEach(() => context?.close());

async function open(
  role: StaffRole,
  viewport: { width: number; height: number },
  phone = false,
): Promise<{ page: Page; ui: CommunicationsPage }> {
  context = await contextFor(browser, role, viewport, phone);
  const page = await context.newPage();
  return { page, ui: new CommunicationsPage(page, inject("baseUrl")) };
}

async function contextFor(browser: Browser, role: StaffRole, viewport: { width: number; height: number }, phone: boolean) {
  const created = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
  await created.addCookies([
    { name: "better-auth.session_token", value: inject("staffCookies")[role], url: inject("baseUrl"), httpOnly: true, sameSite: "Lax" },
  ]);
  return created;
}

/** Horizontal overflow of the table's scroll container and of the whole document, in px. */
function overflow(table: Locator): Promise<{ table: number; document: number }> {
  return table.evaluate((element) => {
    const container = element.parentElement!;
    const root = document.documentElement;
    return { table: container.scrollWidth - container.clientWidth, document: root.scrollWidth - root.clientWidth };
  });
}

/** The sheet is open and its content streamed in (the page behind it is hidden from roles). */
async function detailLoaded(page: Page) {
  await page.getByRole("dialog").waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-label="Loading details"]'));
}

describe("keyboard and focus", () => {
  it("returns focus to the row that opened the detail sheet", async () => {
    const { page, ui } = await open("operator", { width: 1280, height: 900 });
    await ui.goto();
    const row = ui.rows.first();
    // Opened by a click on the row (not its button) and closed by the ✕ …
    await row.getByRole("cell").nth(2).click();
    await ui.detail.waitFor();
    await ui.detail.getByRole("button", { name: "Close details" }).click();
    await ui.detail.waitFor({ state: "detached" });
    const focusedInRow = () => row.evaluate((tr) => tr.contains(document.activeElement) && document.activeElement?.tagName === "BUTTON");
    await expect.poll(focusedInRow).toBe(true);
    // … and from the keyboard on the log tab, closed by Escape.
    await ui.goto("?tab=log");
    await ui.rows.first().getByRole("button").first().focus();
    await page.keyboard.press("Enter");
    await ui.detail.waitFor();
    await page.keyboard.press("Escape");
    await ui.detail.waitFor({ state: "detached" });
    await expect.poll(() => ui.rows.first().evaluate((tr) => tr.contains(document.activeElement))).toBe(true);
  });

  it("offers a skip link as the first stop in the tab order, and it moves focus past the header", async () => {
    const { page, ui } = await open("viewer", { width: 1280, height: 900 });
    await ui.goto();
    await page.keyboard.press("Tab");
    const first = await page.evaluate(() => ({
      text: document.activeElement?.textContent,
      href: document.activeElement?.getAttribute("href"),
    }));
    expect(first.text).toMatch(/^Skip to (main content|results)$/);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.evaluate(() => `#${document.activeElement?.id}`)).toBe(first.href);
    // The next Tab lands inside the page, not back in the header navigation.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
  });

  it("shows the URL's search in the search box after going Back", async () => {
    const { page, ui } = await open("viewer", { width: 1280, height: 900 });
    await ui.goto();
    const [customer] = await ui.column("Customer");
    const query = customer!.split(" ")[0]!;
    await ui.goto(`?q=${encodeURIComponent(query)}`);
    expect(await ui.search.inputValue()).toBe(query);
    await page.getByRole("button", { name: "Clear filters" }).click();
    await ui.waitForUrl(/\/communications$/);
    expect(await ui.search.inputValue()).toBe("");
    await page.goBack();
    await ui.waitForUrl(/q=/);
    await expect.poll(() => ui.search.inputValue()).toBe(query);
  });
});

describe("feedback", () => {
  it("confirms Mark as sent with a toast, as the other actions do", async () => {
    const { page, ui } = await open("operator", { width: 1280, height: 900 });
    await ui.goto("?tab=log&status=manual_required");
    await ui.rows.first().getByRole("button").first().click();
    await detailLoaded(page);
    await ui.detail.getByLabel("Record as sent by hand").fill("Handed over at the counter, signed receipt");
    await ui.detail.getByRole("button", { name: "Mark as sent" }).click();
    await page.getByText("Recorded as sent.").waitFor();
  });
});

describe("layout", () => {
  it("fits both tables in 1280 px without horizontal scrolling", async () => {
    const { ui } = await open("operator", { width: 1280, height: 900 });
    for (const tab of ["", "?tab=log"]) {
      await ui.goto(tab);
      expect(await overflow(ui.table), `tab ${tab || "overview"}`).toEqual({ table: 0, document: 0 });
    }
  });

  it("works at 390 px: filters in a sheet, no sideways scrolling, the detail's close button on screen", async () => {
    const { page, ui } = await open("operator", PHONE, true);
    await ui.goto();
    expect((await overflow(ui.table)).document).toBe(0);
    await page.getByRole("button", { name: /^Filters/ }).click();
    await ui.detail.getByRole("button", { name: /^Type filter/ }).waitFor();
    await page.keyboard.press("Escape");
    await ui.detail.waitFor({ state: "detached" });
    await ui.rows.first().getByRole("button").first().click();
    const close = ui.detail.getByRole("button", { name: "Close details" });
    await close.waitFor();
    const box = (await close.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    await close.click();
    await ui.detail.waitFor({ state: "detached" });
  });
});

describe("screenshots", () => {
  it.each([
    ["1440", { width: 1440, height: 900 }, false],
    ["390", PHONE, true],
  ] as const)("of every view at %s px", async (width, viewport, phone) => {
    const { page, ui } = await open("admin", viewport, phone);
    const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `polish-${name}-${width}.png`) });
    await ui.goto();
    await shot("overview");
    await ui.rows.first().getByRole("button").first().click();
    await detailLoaded(page);
    await shot("communication-detail");
    await page.keyboard.press("Escape");
    await ui.detail.waitFor({ state: "detached" });
    await ui.rows.first().getByRole("checkbox").check();
    await page.getByRole("button", { name: "Send…" }).click();
    await ui.detail.getByRole("table", { name: "Dry run" }).waitFor();
    await shot("bulk-dialog");
    await page.keyboard.press("Escape");
    await ui.goto("?tab=log");
    await shot("log");
    await ui.rows.first().getByRole("button").first().click();
    await detailLoaded(page);
    await shot("attempt-detail");
    await page.goto(`${inject("baseUrl")}/admin/audit`);
    await page.getByRole("table", { name: "Audit events" }).waitFor();
    await shot("audit");
  });
});

describe("paging", () => {
  it("goes to the next page and back to the same rows, with the page and row range shown", async () => {
    const { page, ui } = await open("viewer", { width: 1280, height: 900 });
    for (const tab of ["", "?tab=log"]) {
      await ui.goto(tab);
      const pager = page.getByRole("navigation", { name: "Pagination" });
      const total = await ui.resultCount();
      const firstRows = await ui.column("Subject");
      await pager.getByText(`Page 1 · 1–50 of ${total.toLocaleString("en")}`).waitFor();
      expect(await pager.getByRole("button", { name: "Previous" }).isDisabled()).toBe(true);

      await pager.getByRole("button", { name: "Next" }).click();
      await ui.waitForUrl(/cursor=/);
      await pager.getByText(`Page 2 · 51–100 of ${total.toLocaleString("en")}`).waitFor();
      expect(await ui.column("Subject")).not.toEqual(firstRows);

      await pager.getByRole("button", { name: "Previous" }).click();
      await ui.waitForUrl(/before=/);
      await pager.getByText(`Page 1 · 1–50 of ${total.toLocaleString("en")}`).waitFor();
      expect(await ui.column("Subject")).toEqual(firstRows);
      expect(await pager.getByRole("button", { name: "Previous" }).isDisabled()).toBe(true);
    }
  });
});

describe("counts", () => {
  it("counts exactly on demand: count=exact shows the same figures, stays while paging, and a new filter drops it", async () => {
    const { page, ui } = await open("viewer", { width: 1280, height: 900 });
    await ui.goto();
    const [all, total] = [await ui.quickCount("All"), await ui.resultCount()];
    // Fewer rows than the cap: every figure is exact, so nothing offers to count exactly.
    expect(await page.getByRole("button", { name: "Count exactly" }).count()).toBe(0);

    await ui.goto("?count=exact");
    expect([await ui.quickCount("All"), await ui.resultCount()]).toEqual([all, total]);
    const pager = page.getByRole("navigation", { name: "Pagination" });
    await pager.getByRole("button", { name: "Next" }).click();
    await ui.waitForUrl(/cursor=/);
    expect(page.url()).toContain("count=exact");
    await pager.getByText(`Page 2 · 51–100 of ${total.toLocaleString("en")}`).waitFor();

    await ui.quickFilter("Failed").click();
    await ui.waitForUrl(/quick=failed/);
    expect(page.url()).not.toContain("count=");
  });
});

describe("dates", () => {
  it('"Today" at 00:30 in Paris is that Paris day, though UTC is still on the day before', async () => {
    const { page, ui } = await open("viewer", { width: 1280, height: 900 });
    // 23:30 UTC on 30 November is 00:30 on 1 December in Paris (the server's HERALD_TIME_ZONE).
    await page.clock.setFixedTime(new Date("2026-11-30T23:30:00Z"));
    await ui.goto();
    await page.getByLabel("Sent period").selectOption("today");
    await ui.waitForUrl(/from=/);
    const url = new URL(page.url());
    expect([url.searchParams.get("from"), url.searchParams.get("to")]).toEqual(["2026-12-01", "2026-12-01"]);
    expect(await page.getByLabel("Sent from").inputValue()).toBe("1 Dec 2026");
  });
});
