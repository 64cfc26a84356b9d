import { readFile } from "node:fs/promises";
import type { Locator, Page } from "playwright-core";
import { waitForHydration } from "./browser";

/** Page object for /communications, located by accessible roles and labels. */
export class CommunicationsPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async goto(query = "") {
    const response = await this.page.goto(`${this.baseUrl}/communications${query}`);
    if (!response?.ok()) throw new Error(`GET /communications${query} answered ${response?.status()}`);
    await this.settled();
  }

  /**
   * Waits until the URL-driven update finished, the rows (or the empty state) are shown and
   * every island on the page is hydrated (no `data-hydrating`, components/ui/use-hydrated.ts):
   * a click or check before hydration would be lost on a loaded machine.
   */
  async settled() {
    await this.table
      .or(this.page.getByRole("status").filter({ hasText: /match these filters|No more rows/ }))
      .first()
      .waitFor();
    await this.page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
    await waitForHydration(this.page);
  }

  tab(name: "Communication" | "Communication log"): Locator {
    return this.page.getByRole("tab", { name, exact: true });
  }

  /** The results table of the current tab (not the tracking-health table). */
  get table(): Locator {
    return this.page.getByRole("table", { name: /^Communication(s| log)$/ });
  }

  get rows(): Locator {
    return this.table.locator("tbody").getByRole("row");
  }

  column(header: string): Promise<string[]> {
    return this.table.evaluate((table, name) => {
      const headers = [...table.querySelectorAll("thead th")].map((th) => th.textContent?.trim());
      const index = headers.indexOf(name);
      if (index < 0) throw new Error(`no column ${name} in ${headers.join(", ")}`);
      // A cut cell's full text is its tooltip (components/ui/truncate.tsx); phone-only lines are not shown.
      return [...table.querySelectorAll("tbody tr")].map((tr) => {
        const cell = tr.children[index] as HTMLElement | undefined;
        const cut = [...(cell?.querySelectorAll<HTMLElement>("span[title]") ?? [])].find((span) => span.checkVisibility());
        return (cut?.title ?? cell?.innerText ?? "").trim();
      });
    }, header);
  }

  quickFilter(name: "Failed" | "Not sent" | "Completed" | "All"): Locator {
    return this.page.getByRole("group", { name: "Quick status filters" }).getByRole("button", { name: new RegExp(`^${name}`) });
  }

  async quickCount(name: "Failed" | "Not sent" | "Completed" | "All"): Promise<number> {
    return Number((await this.quickFilter(name).innerText()).replace(/\D/g, ""));
  }

  async resultCount(): Promise<number> {
    const text = await this.page.getByText(/^[\d,]+ (communications?|attempts?)$/).innerText();
    return Number(text.replace(/\D/g, ""));
  }

  get search(): Locator {
    return this.page.getByRole("searchbox", { name: /Search by invoice number/ });
  }

  async pickOptions(filter: "Type" | "Category" | "Status", options: string[]) {
    await this.page.getByRole("button", { name: new RegExp(`^${filter} filter`) }).click();
    const dialog = this.page.getByRole("dialog");
    for (const option of options) await dialog.getByRole("checkbox", { name: option, exact: true }).check();
    await this.page.keyboard.press("Escape");
    await this.settled();
  }

  /** Types the customer's name and picks the option whose name is exactly it. */
  async pickCustomer(name: string) {
    await this.page.getByRole("button", { name: /^Customer filter/ }).click();
    await this.page.getByRole("searchbox", { name: "Find a customer" }).fill(name);
    await this.page
      .getByRole("option")
      .filter({ has: this.page.getByText(name, { exact: true }) })
      .first()
      .click();
    await this.settled();
  }

  get detail(): Locator {
    return this.page.getByRole("dialog");
  }

  async waitForUrl(pattern: RegExp) {
    await this.page.waitForURL(pattern);
    await this.settled();
  }

  get downloadZipButton(): Locator {
    return this.page.getByRole("button", { name: /^Download ZIP/ });
  }

  get exportCsvButton(): Locator {
    return this.page.getByRole("button", { name: "Export CSV" });
  }

  /** Ticks a row's selection checkbox (its label names the row). */
  async selectRow(label: string | RegExp) {
    await this.table.getByRole("checkbox", { name: label }).check();
  }

  /** Clicks a button that saves a file and returns the file the browser received. */
  async download(button: Locator): Promise<{ filename: string; bytes: Uint8Array }> {
    const [download] = await Promise.all([this.page.waitForEvent("download", { timeout: 30_000 }), button.click()]);
    const file = await download.path();
    return { filename: download.suggestedFilename(), bytes: new Uint8Array(await readFile(file)) };
  }
}
