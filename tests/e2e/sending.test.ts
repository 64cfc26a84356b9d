import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { deriveSandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { type PlatformApi, platformApiClient } from "../support/platform-api-client";
import type { components } from "../support/platform-api-types";
import { resendEvent } from "@/lib/providers/sandbox/webhook-payloads";
import { signedWebhookRequest, TEST_SANDBOX_SEED, testSecrets } from "../support/provider-requests";
import { launchChromium } from "./support/browser";
import { CommunicationsPage } from "./support/communications-page";
import { signedInContext } from "./support/staff";

// Sending as a new user sees it, against the app `npm start` serves with no provider keys:
// the platform API creates communications, the sandbox providers answer with signed
// webhooks, and the operator bulk-sends and resends from the page.
const poll = { timeout: 30_000, interval: 250 };
const SCREENSHOTS = path.join(process.cwd(), "tests/e2e/__screenshots__");

let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let ui: CommunicationsPage;
let api: PlatformApi;
const baseUrl = () => inject("baseUrl");

type Detail = components["schemas"]["CommunicationDetail"];

beforeAll(async () => {
  browser = await launchChromium();
  // The README's `npm run api-key:create` path while the server runs: the installation's
  // local admin token (the suite's server derives its secrets from TEST_SANDBOX_SEED).
  const { localAdminToken } = await deriveSandboxSecrets(TEST_SANDBOX_SEED);
  const response = await fetch(`${baseUrl()}/api/local/api-keys`, {
    method: "POST",
    headers: { authorization: `Bearer ${localAdminToken}`, "content-type": "application/json" },
    body: JSON.stringify({ name: "Browser suite", scopes: ["send", "read"] }),
  });
  expect(response.status).toBe(201);
  api = platformApiClient(((await response.json()) as { secret: string }).secret, { baseUrl: baseUrl() });
});
afterAll(() => browser?.dispose());
beforeEach(async () => {
  context = await signedInContext(browser, baseUrl(), inject("staffCookies"), "operator");
  page = await context.newPage();
  ui = new CommunicationsPage(page, baseUrl());
});
afterEach(() => context.close());

async function createCommunication(reference: string, email: string): Promise<string> {
  const { response, data } = await api.POST("/api/v1/communications", {
    body: {
      subject: { type: "invoice", reference },
      customer: { reference: `CUST-${reference}`, name: "Verger Test SARL", locale: "fr", email, mobile: "+33 6 12 34 56 78" },
      category: "invoice",
      templateData: { amountCents: 4200, currency: "EUR", issueDate: "2026-11-01", dueDate: "2026-11-30" },
    },
  });
  expect(response.status).toBe(202);
  return data!.id;
}

async function detail(id: string): Promise<Detail> {
  const { response, data } = await api.GET("/api/v1/communications/{id}", { params: { path: { id } } });
  expect(response.status).toBe(200);
  return data!;
}

/** Waits until every attempt of the communications reached a final status (nothing left in flight). */
async function settled(ids: string[], attempts: number) {
  await expect
    .poll(async () => {
      const details = await Promise.all(ids.map(detail));
      return details.every(
        (d) =>
          d.attempts.length === attempts &&
          d.attempts.every((a) => ["delivered", "failed", "rejected", "manual_required"].includes(a.status)),
      );
    }, poll)
    .toBe(true);
}

describe("sending", () => {
  it("acceptance: an API-created communication whose e-mail bounces ends Failed, with a Delivered SMS fallback — in the API and on the page", async () => {
    const reference = `INV-E2E-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    const id = await createCommunication(reference, "bounced@verger.example");
    await settled([id], 2);
    const result = await detail(id);
    expect(result.attempts.map((a) => [a.kind, a.channel, a.status, a.statusLabel])).toEqual([
      ["first", "email", "failed", "Bounced"],
      ["fallback", "sms", "delivered", "Delivered"],
    ]);
    expect(result.status).toBe("delivered");

    await ui.goto(`?q=${reference}`);
    expect(await ui.column("Status")).toEqual(["Delivered"]);
    await ui.goto(`?tab=log&q=${reference}`);
    expect(await ui.column("Kind")).toEqual(["Fallback #2", "First send #1"]);
    const [fallbackStatus, firstStatus] = await ui.column("Status");
    expect(fallbackStatus).toBe("Delivered");
    expect(firstStatus).toMatch(/^Failed\s*·\s*Bounced$/);
  });

  it("an e-mail Resend refuses twice goes out through SendGrid: both providers in the log, the move explained", async () => {
    const reference = `INV-FO-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    // The sandbox's outage-resend@ recipient: only Resend answers 503; its retry waits 30 s.
    const id = await createCommunication(reference, "outage-resend@verger.example");
    await expect
      .poll(async () => (await detail(id)).attempts.map((a) => [a.kind, a.provider, a.status]), { timeout: 90_000, interval: 500 })
      .toEqual([
        ["first", "resend", "rejected"],
        ["failover", "sendgrid", "delivered"],
      ]);
    expect((await detail(id)).status).toBe("delivered");

    await ui.goto(`?tab=log&q=${reference}`);
    expect(await ui.column("Kind")).toEqual(["Failover #2", "First send #1"]);
    const [failoverStatus, firstStatus] = await ui.column("Status");
    expect(failoverStatus).toBe("Delivered");
    expect(firstStatus).toMatch(/Moved to another provider/);
    await ui.rows.nth(1).getByRole("button").first().click();
    await ui.detail.getByText(/Resend could not take it .* handed to SendGrid with the same content/).waitFor();
    await ui.detail.getByText("Nothing to do here: the failover attempt carries the same message on through the other provider.").waitFor();
    // Resending the moved attempt would send the message twice: the detail offers no resend.
    expect(await ui.detail.getByRole("button", { name: /^Resend/ }).count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "failover-log.png") });
  });

  it("bulk send of a filtered selection: dry run, confirm, progress that survives a reload, resends in the log", async () => {
    const prefix = `INV-BULK-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    const ids = await Promise.all([1, 2, 3].map((n) => createCommunication(`${prefix}-${n}`, `compta${n}@verger.example`)));
    await settled(ids, 1);

    await ui.goto(`?q=${prefix}`);
    expect(await ui.rows.count()).toBe(3);
    await page.getByRole("checkbox", { name: "Select all rows on this page" }).check();
    await page.getByRole("button", { name: "Send…" }).click();
    const dialog = page.getByRole("dialog", { name: "Send 3 communications" });
    const dryRun = dialog.getByRole("table", { name: "Dry run" });
    await expect.poll(() => dryRun.getByRole("row", { name: /By E-mail/ }).innerText(), poll).toMatch(/By E-mail\s+3/);
    await dialog.getByRole("button", { name: "Send 3" }).click();

    const progress = page.getByRole("region", { name: "Bulk send" });
    await progress.getByRole("progressbar", { name: "Bulk send progress" }).waitFor();
    await expect.poll(() => progress.innerText(), poll).toMatch(/Bulk send finished[\s\S]*3 \/ 3 processed/);
    expect(page.url()).toMatch(/[?&]bulk=/);
    await page.reload();
    await expect
      .poll(() => page.getByRole("region", { name: "Bulk send" }).innerText(), poll)
      .toMatch(/Bulk send finished[\s\S]*3 \/ 3 processed/);

    await settled(ids, 2);
    await ui.goto(`?tab=log&q=${prefix}`);
    const kinds = await ui.column("Kind");
    expect(kinds.filter((kind) => kind === "Resend #2")).toHaveLength(3);
    expect(kinds.filter((kind) => kind === "First send #1")).toHaveLength(3);
  });

  it("resend from a log row: the dialog shows where and what, and the new attempt appears linked to the original", async () => {
    const reference = `INV-RESEND-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    const id = await createCommunication(reference, "factures@verger.example");
    await settled([id], 1);

    await ui.goto(`?tab=log&q=${reference}`);
    await ui.rows.first().click();
    await ui.detail.getByRole("button", { name: "Resend…" }).click();
    const dialog = page.getByRole("dialog", { name: "Resend this attempt" });
    await expect.poll(() => dialog.innerText(), poll).toMatch(/E-mail: factures@verger\.example/);
    expect(await dialog.innerText()).toMatch(/Message \(as originally sent\)[\s\S]*42,00/);
    await dialog.getByRole("button", { name: "Resend" }).click();
    await page.getByText("Resent: the new attempt is in the log").waitFor();

    await settled([id], 2);
    await ui.goto(`?tab=log&q=${reference}`);
    expect(await ui.column("Kind")).toEqual(["Resend #2", "First send #1"]);
    expect(await ui.column("Status")).toEqual(["Delivered", "Delivered"]);
  });

  it("a recipient who complained is left out of a bulk send: the dry run says why, the confirmation hands nothing to them", async () => {
    const prefix = `INV-OPTOUT-${crypto.randomUUID().slice(0, 6).toUpperCase()}`;
    const [complainer, other] = await Promise.all([
      createCommunication(`${prefix}-1`, `plainte-${prefix.toLowerCase()}@verger.example`),
      createCommunication(`${prefix}-2`, `compta-${prefix.toLowerCase()}@verger.example`),
    ]);
    await settled([complainer!, other!], 1);
    // Resend reports a spam complaint about the delivered e-mail, signed as Resend signs it.
    const messageId = (await detail(complainer!)).attempts[0]!.providerMessageId!;
    const request = await signedWebhookRequest(
      "resend",
      { json: resendEvent("email.complained", messageId) },
      { secrets: await testSecrets(), url: `${baseUrl()}/api/webhooks/resend` },
    );
    expect((await fetch(request)).status).toBe(200);

    await ui.goto(`?q=${prefix}`);
    expect(await ui.rows.count()).toBe(2);
    await page.getByRole("checkbox", { name: "Select all rows on this page" }).check();
    await page.getByRole("button", { name: "Send…" }).click();
    const dialog = page.getByRole("dialog", { name: "Send 2 communications" });
    const dryRun = dialog.getByRole("table", { name: "Dry run" });
    await expect.poll(() => dryRun.getByRole("row", { name: /unsubscribed/ }).innerText(), poll).toMatch(/Not sent: unsubscribed\s+1/);
    expect(await dryRun.getByRole("row", { name: /By E-mail/ }).innerText()).toMatch(/By E-mail\s+1/);
    await dialog.getByRole("button", { name: "Send 1" }).click();
    await expect.poll(() => page.getByRole("region", { name: "Bulk send" }).innerText(), poll).toMatch(/Bulk send finished/);

    await settled([other!], 2);
    expect((await detail(complainer!)).attempts).toHaveLength(1);
  });
});
