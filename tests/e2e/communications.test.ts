import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, inject, it } from "vitest";
import { calendarDateIn, DEFAULT_TIME_ZONE } from "@/lib/time-zone";
import { launchChromium } from "./support/browser";
import { CommunicationsPage } from "./support/communications-page";
import { signedInContext } from "./support/staff";

// Staff using the page in Chromium against the app exactly as `npm start` serves it,
// signed in as the demo operator (the colleague who opens a shared link is the viewer).
// A delivery report arriving on the open page is in live-updates.test.ts.
const SCREENSHOTS = path.join(process.cwd(), "tests/e2e/__screenshots__");
const poll = { timeout: 15_000, interval: 200 };

let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let ui: CommunicationsPage;

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(() => browser?.dispose());
beforeEach(async () => {
  context = await signedInContext(browser, inject("baseUrl"), inject("staffCookies"), "operator");
  page = await context.newPage();
  ui = new CommunicationsPage(page, inject("baseUrl"));
});
afterEach(() => context.close());

describe("Communication tab", () => {
  it("shows the newest communications with status badges and counts", async () => {
    await ui.goto();
    expect(await ui.rows.count()).toBe(50);
    const statuses = await ui.column("Status");
    expect(statuses.some((text) => text.startsWith("Delivered"))).toBe(true);
    const all = await ui.quickCount("All");
    expect(all).toBeGreaterThan(4000);
    expect((await ui.quickCount("Failed")) + (await ui.quickCount("Not sent")) + (await ui.quickCount("Completed"))).toBe(all);
    await page.screenshot({ path: path.join(SCREENSHOTS, "communication-tab.png") });
  });

  it.each([
    ["Failed", ["Failed", "Rejected"]],
    ["Not sent", ["Queued", "Manual required"]],
    ["Completed", ["Accepted", "Sent", "Delivered"]],
  ] as const)("quick filter %s shows only its statuses and its count", async (name, statuses) => {
    await ui.goto();
    const expected = await ui.quickCount(name);
    await ui.quickFilter(name).click();
    await ui.waitForUrl(/quick=/);
    await expect.poll(() => ui.resultCount(), poll).toBe(expected);
    await expect
      .poll(async () => {
        const shown = await ui.column("Status");
        return shown.length > 0 && shown.every((text) => statuses.some((status) => text.startsWith(status)));
      }, poll)
      .toBe(true);
    expect(await ui.quickFilter(name).getAttribute("aria-pressed")).toBe("true");
  });

  it("filters by type, category, status, date range, location and customer — each kept in the URL", async () => {
    await ui.goto();
    await ui.pickOptions("Type", ["SMS"]);
    await expect.poll(async () => new Set(await ui.column("Channel")), poll).toEqual(new Set(["SMS"]));

    await ui.pickOptions("Category", ["Reminder"]);
    await expect.poll(async () => new Set(await ui.column("Category")), poll).toEqual(new Set(["Reminder"]));
    expect(page.url()).toMatch(/channel=sms/);
    expect(page.url()).toMatch(/category=reminder/);

    await ui.goto();
    await ui.pickOptions("Status", ["Delivered"]);
    await expect.poll(async () => (await ui.column("Status")).every((s) => s.startsWith("Delivered")), poll).toBe(true);

    await ui.goto();
    const dates = await page.locator("tbody time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime")!));
    // The range is in days of the staff's time zone (the server's default, Europe/Paris).
    const day = calendarDateIn(new Date(dates[10]!), DEFAULT_TIME_ZONE);
    await page.getByLabel("Sent from").fill(day);
    await ui.waitForUrl(/from=/);
    await page.getByLabel("Sent until").fill(day);
    await ui.waitForUrl(/to=/);
    await expect
      .poll(async () => {
        const shown = await page.locator("tbody time").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("datetime")!));
        return shown.length > 0 && shown.every((iso) => calendarDateIn(new Date(iso), DEFAULT_TIME_ZONE) === day);
      }, poll)
      .toBe(true);

    await ui.goto();
    const location = page.getByLabel("Location group");
    const group = (await location.locator("option").nth(1).textContent())!;
    await location.selectOption(group);
    await ui.waitForUrl(/location=/);
    expect(await ui.rows.count()).toBeGreaterThan(0);

    await ui.goto();
    const customer = (await ui.column("Customer"))[0]!;
    // Typing the whole name: a prefix like "Cabine" matches dozens of "Cabinet …" customers.
    await ui.pickCustomer(customer);
    await expect.poll(async () => new Set(await ui.column("Customer")), poll).toEqual(new Set([customer]));
    expect(page.url()).toMatch(/customer=/);
  });

  it("finds a communication by part of its reference and restores the view on reload and Back", async () => {
    await ui.goto();
    const subject = (await ui.column("Subject"))[3]!;
    const reference = subject.split(" ").at(-1)!;
    await ui.search.fill(reference.slice(-6));
    await ui.waitForUrl(/q=/);
    await expect.poll(async () => (await ui.column("Subject")).includes(subject), poll).toBe(true);
    await ui.quickFilter("All").click();
    const filteredUrl = page.url();

    await page.reload();
    await ui.settled();
    expect(page.url()).toBe(filteredUrl);
    expect(await ui.search.inputValue()).toBe(reference.slice(-6));
    expect((await ui.column("Subject")).includes(subject)).toBe(true);

    await page.getByRole("button", { name: "Clear filters" }).first().click();
    await expect.poll(() => ui.rows.count(), poll).toBe(50);
    await page.goBack();
    await ui.settled();
    await expect.poll(() => page.url(), poll).toContain("q=");
  });

  it("finds exactly the invoice typed, first and alone, and counts only its rows", async () => {
    await ui.goto();
    // An invoice's number (a customer number would rightly find all that customer's rows).
    const subject = (await ui.column("Subject")).filter((text) => text.startsWith("Invoice "))[2]!;
    const reference = subject.split(" ").at(-1)!;
    await ui.search.fill(reference);
    await ui.waitForUrl(/q=/);
    await expect.poll(async () => (await ui.column("Subject"))[0], poll).toBe(subject);
    const shown = (await ui.column("Subject")).map((text) => text.split(" ").at(-1));
    expect({ shown, total: await ui.resultCount() }).toEqual({ shown: shown.map(() => reference), total: shown.length });
  });

  it("the header total and the quick filters follow the Status dropdown", async () => {
    await ui.goto("?channel=sms,post&category=reminder&status=failed,delivered");
    const [rows, total] = [await ui.rows.count(), await ui.resultCount()];
    expect(total).toBe(await ui.quickCount("All"));
    expect(rows).toBe(Math.min(50, total));
    expect((await ui.quickCount("Failed")) + (await ui.quickCount("Completed"))).toBe(total);
    expect(await ui.quickCount("Not sent")).toBe(0);
  });

  it("opens a row's details with the keyboard and closes them with Escape", async () => {
    await ui.goto("?quick=failed");
    const firstSubject = ui.rows.first().getByRole("button").first();
    await firstSubject.focus();
    await page.keyboard.press("Enter");
    await ui.detail.waitFor();
    await expect.poll(() => ui.detail.getByText(/Attempts \(\d+\)/).count(), poll).toBe(1);
    expect(page.url()).toMatch(/open=/);
    expect(await ui.detail.getByText("Last error:").count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "communication-detail.png") });
    await page.keyboard.press("Escape");
    await expect.poll(() => ui.detail.count(), poll).toBe(0);
    await expect.poll(() => page.url(), poll).not.toMatch(/open=/);
  });

  it("ignores a communication with a reason, then shows it again with “Show ignored”", async () => {
    await ui.goto("?quick=not_sent");
    const subject = (await ui.column("Subject"))[0]!;
    const before = await ui.quickCount("Not sent");
    await ui.rows.first().getByRole("button").first().click();
    await ui.detail.waitFor();
    await ui.detail.getByRole("button", { name: "Ignore" }).click();
    // The reason is required: the browser refuses an empty one.
    expect(await ui.detail.getByText(/^Ignored by/).count()).toBe(0);
    await ui.detail.getByLabel("Ignore this communication").fill("Customer paid by bank transfer");
    await ui.detail.getByRole("button", { name: "Ignore" }).click();
    await expect.poll(() => ui.detail.getByText(/Ignored by Oscar Operator/).count(), poll).toBe(1);
    await page.keyboard.press("Escape");
    await expect.poll(() => ui.quickCount("Not sent"), poll).toBe(before - 1);
    expect(await ui.column("Subject")).not.toContain(subject);

    await page.getByLabel("Show ignored").check();
    await ui.waitForUrl(/ignored=true/);
    await expect.poll(async () => (await ui.column("Subject")).some((s) => s.startsWith(subject)), poll).toBe(true);
  });

  it("selects rows and offers every matching row", async () => {
    await ui.goto("?quick=completed");
    await page.getByRole("checkbox", { name: "Select all rows on this page" }).check();
    await page.getByText("50 selected").waitFor();
    const total = await ui.quickCount("Completed");
    await page.getByRole("button", { name: `Select all ${total.toLocaleString("en")} matching` }).click();
    await page.getByText(`${total.toLocaleString("en")} selected`).waitFor();
    await page.getByRole("button", { name: "Clear selection" }).click();
    expect(await page.getByText(/selected$/).count()).toBe(0);
  });
});

describe("acceptance", () => {
  it("finds the failed e-mails of one customer last month, shows why each failed, and shares the link", async () => {
    await ui.goto();
    await page.getByLabel("Sent period").selectOption("last-month");
    await ui.waitForUrl(/from=/);
    const lastMonth = new URL(page.url()).search;
    await ui.goto(`${lastMonth}&quick=failed&channel=email`);
    const customer = (await ui.column("Customer"))[0]!;

    // As staff would: type the customer, then Failed, E-mail, Last month.
    await ui.goto();
    await ui.search.fill(customer);
    await ui.waitForUrl(/q=/);
    await ui.quickFilter("Failed").click();
    await ui.pickOptions("Type", ["E-mail"]);
    await page.getByLabel("Sent period").selectOption("last-month");
    await ui.waitForUrl(/from=.*to=|to=.*from=/);
    await expect
      .poll(async () => {
        const [customers, channels, statuses] = await Promise.all([ui.column("Customer"), ui.column("Channel"), ui.column("Status")]);
        return (
          customers.length > 0 &&
          customers.every((name) => name === customer) &&
          channels.every((channel) => channel === "E-mail") &&
          statuses.every((status) => /^(Failed|Rejected)/.test(status))
        );
      }, poll)
      .toBe(true);
    const errors = await ui.column("Last error");
    expect(errors.every((error) => error.length > 10)).toBe(true);

    const shared = page.url();
    const colleagueContext = await signedInContext(browser, inject("baseUrl"), inject("staffCookies"), "viewer");
    const colleague = await colleagueContext.newPage();
    const theirView = new CommunicationsPage(colleague, inject("baseUrl"));
    await colleague.goto(shared);
    await theirView.settled();
    expect(await theirView.column("Subject")).toEqual(await ui.column("Subject"));
    await colleagueContext.close();
  });
});

describe("Communication log tab", () => {
  it("switches tab keeping the filters, and shows complete error details of an attempt", async () => {
    await ui.goto("?quick=failed");
    await ui.tab("Communication log").click();
    await ui.waitForUrl(/tab=log/);
    expect(page.url()).toMatch(/quick=failed/);
    await expect
      .poll(() => ui.column("Kind").catch(() => []), poll)
      .toEqual(expect.arrayContaining([expect.stringMatching(/First send|Resend|Fallback/)]));
    await page.screenshot({ path: path.join(SCREENSHOTS, "log-tab.png") });
    await ui.rows.first().getByRole("button").first().click();
    await ui.detail.waitFor();
    await expect.poll(() => ui.detail.getByRole("heading", { name: "Error details" }).count(), poll).toBe(1);
    for (const label of ["Provider", "Code", "Failure class", "What happens next"]) {
      expect(await ui.detail.getByText(label, { exact: true }).count()).toBe(1);
    }
    expect(await ui.detail.getByRole("heading", { name: "What was sent" }).count()).toBe(1);
    expect(await ui.detail.getByText("Content SHA-256").count()).toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, "attempt-detail.png") });
  });
});

describe("narrow screens", () => {
  it("keeps the filters and the table usable at 390 px", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await ui.goto();
    expect(await ui.search.isVisible()).toBe(true);
    expect(await ui.rows.count()).toBe(50);
    await page.screenshot({ path: path.join(SCREENSHOTS, "communication-tab-narrow.png") });
  });
});
