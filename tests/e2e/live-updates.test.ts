import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { resendEvent } from "@/lib/providers/sandbox/webhook-payloads";
import { signedWebhookRequest, testSecrets } from "../support/provider-requests";
import { launchChromium } from "./support/browser";
import { CommunicationsPage } from "./support/communications-page";
import { signedInContext } from "./support/staff";

// The communications page of communications.test.ts, open in Chromium as the demo
// operator, while a provider's signed webhook reaches the app: the page updates itself.
// Same browser, context and page per test as communications.test.ts.

let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let ui: CommunicationsPage;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.dispose());
beforeEach(async () => {
  context = await signedInContext(browser, inject("baseUrl"), inject("staffCookies"), "operator");
  page = await context.newPage();
  ui = new CommunicationsPage(page, inject("baseUrl"));
});
afterEach(() => context.close());

describe("live updates", () => {
  it("shows a provider's delivery report on the open page without a reload", async () => {
    await ui.goto("?tab=log&channel=email&status=accepted");
    const providers = await ui.column("Provider");
    const index = providers.indexOf("Resend");
    expect(index).toBeGreaterThanOrEqual(0);
    await ui.rows.nth(index).getByRole("button").first().click();
    await ui.detail.waitFor();
    const messageId = await ui.detail
      .locator("dt", { hasText: "Provider message id" })
      .locator("xpath=following-sibling::dd[1]")
      .innerText();
    const currentStatus = ui.detail.getByRole("group", { name: "Current status" });
    expect(await currentStatus.innerText()).toMatch(/^Accepted/);
    await page.evaluate(() => window.scrollTo(0, 0));

    const baseUrl = inject("baseUrl");
    const request = await signedWebhookRequest(
      "resend",
      { json: resendEvent("email.delivered", messageId) },
      { secrets: await testSecrets(), url: `${baseUrl}/api/webhooks/resend` },
    );
    const response = await fetch(request);
    expect(response.status).toBe(200);

    await expect.poll(() => currentStatus.innerText(), { timeout: 20_000, interval: 250 }).toMatch(/^Delivered/);
    expect(
      await page
        .getByRole("status")
        .filter({ hasText: /Live · updated/ })
        .count(),
    ).toBe(1);
  });
});
