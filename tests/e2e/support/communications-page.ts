import type { Locator, Page } from "playwright-core";

/** Page object for /communications, located by accessible roles and labels. */
export class CommunicationsPage {
  constructor(
    readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async goto(query = "") {
    const response = await this.page.goto(`${this.baseUrl}/communications${query}`);
    if (!response?.ok()) throw new Error(`GET /communications answered ${response?.status()}`);
  }

  get heading(): Locator {
    return this.page.getByRole("heading", { level: 1, name: "Communications" });
  }

  get table(): Locator {
    return this.page.getByRole("table", { name: "Communications" });
  }

  get bodyRows(): Locator {
    return this.table.locator("tbody").getByRole("row");
  }

  statusCount(label: string): Locator {
    return this.page.getByLabel("Communications by status").locator("div", { hasText: label }).locator("dd");
  }

  get olderLink(): Locator {
    return this.page.getByRole("navigation", { name: "Pagination" }).getByRole("link", { name: "Older" });
  }
}
