import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { unzipVerified } from "../support/zip-entries";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { launchChromium } from "./support/browser";
import { CommunicationsPage } from "./support/communications-page";
import { signedInContext } from "./support/staff";

// Staff download proof from the page — as a viewer, the least role that may — and the file
// the browser saves is unzipped and checked.
const SCREENSHOTS = path.join(process.cwd(), "tests/e2e/__screenshots__");
const poll = { timeout: 15_000, interval: 200 };

let browser: Awaited<ReturnType<typeof launchChromium>>;
let context: BrowserContext;
let page: Page;
let ui: CommunicationsPage;

type Manifest = {
  attempts: {
    attemptId: string;
    subject: string;
    kind: string;
    seq: number;
    status: string;
    statusLabel: string | null;
    events: { type: string }[];
    files: { path: string; sha256: string; sha256AtSend: string | null }[];
    integrity: string;
  }[];
};

beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(() => browser?.dispose());
beforeEach(async () => {
  context = await signedInContext(browser, inject("baseUrl"), inject("staffCookies"), "viewer");
  page = await context.newPage();
  ui = new CommunicationsPage(page, inject("baseUrl"));
});
afterEach(() => context.close());

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const decode = (bytes: Uint8Array | undefined) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);

function openZip(bytes: Uint8Array) {
  const files = unzipVerified(bytes);
  return { files, manifest: JSON.parse(decode(files["manifest.json"])) as Manifest };
}

describe("Downloads", () => {
  it("acceptance: the two attempts of an invoice (failed first send, delivered resend) selected in the log, with events and matching hashes", async () => {
    // The demo seed's Boulangerie Martin invoice: e-mail bounced, resent the next day.
    await ui.goto("?tab=log&category=invoice");
    await ui.pickCustomer("Boulangerie Martin");
    // The rows of the filter, not the ones still shown while it loads (newer invoices of other customers).
    await expect
      .poll(
        async () =>
          page.url().includes("customer=") &&
          (await ui.column("Customer")).every((name) => name === "Boulangerie Martin") &&
          (await ui.column("Kind")).includes("Resend #2"),
        poll,
      )
      .toBe(true);
    const kinds = await ui.column("Kind");
    const subject = (await ui.column("Subject"))[kinds.indexOf("Resend #2")]!.replace(/\s*\(ignored\)$/, "");

    await ui.selectRow(`Select First send #1 of ${subject}`);
    await ui.selectRow(`Select Resend #2 of ${subject}`);
    await expect(ui.downloadZipButton.innerText()).resolves.toMatch(/\(2 rows\)/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "download-selection.png") });
    const { filename, bytes } = await ui.download(ui.downloadZipButton);
    expect(filename).toMatch(/^herald-communication-log-.*\.zip$/);

    const { files, manifest } = openZip(bytes);
    expect(manifest.attempts.map((entry) => [entry.subject, entry.kind, entry.seq, entry.status]).sort()).toEqual([
      [`Invoice ${subject}`, "First send", 1, "Failed"],
      [`Invoice ${subject}`, "Resend", 2, "Delivered"],
    ]);
    for (const entry of manifest.attempts) {
      expect(entry.events.length).toBeGreaterThan(0);
      expect(entry.integrity).toBe("ok");
      expect(entry.files.some((file) => file.path.endsWith(".pdf"))).toBe(true);
      for (const file of entry.files) {
        expect(sha256(files[file.path]!)).toBe(file.sha256);
        if (file.sha256AtSend) expect(file.sha256).toBe(file.sha256AtSend);
      }
    }
    expect(decode(files["README.txt"])).toContain("sha256sum -c SHA256SUMS");
    expect(decode(files["manifest.csv"]).split("\r\n").filter(Boolean)).toHaveLength(3);
  });

  it("downloads everything matching on the Communication tab as a ZIP and as CSV", async () => {
    await ui.goto("?category=invoice");
    await ui.pickCustomer("Boulangerie Martin");
    await expect.poll(async () => page.url().includes("customer=") && new Set(await ui.column("Customer")).size === 1, poll).toBe(true);
    const count = await ui.resultCount();
    expect(count).toBeGreaterThan(0);
    await expect(ui.downloadZipButton.innerText()).resolves.toContain(`all ${count} matching`);

    const zip = await ui.download(ui.downloadZipButton);
    expect(zip.filename).toMatch(/^herald-communications-.*\.zip$/);
    const { manifest } = openZip(zip.bytes);
    expect(new Set(manifest.attempts.map((entry) => entry.subject)).size).toBe(count);
    expect(manifest.attempts.every((entry) => entry.subject.startsWith("Invoice "))).toBe(true);

    const csv = await ui.download(ui.exportCsvButton);
    expect(csv.filename).toMatch(/^herald-communications-.*\.csv$/);
    const text = decode(csv.bytes);
    expect(text.startsWith("\uFEFFcommunication_id,subject_type,subject,")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines).toHaveLength(count + 1);
    expect(lines.slice(1).every((line) => line.includes("Boulangerie Martin"))).toBe(true);
  });

  it("exports the filtered Communication log as CSV", async () => {
    await ui.goto("?tab=log&quick=failed&channel=sms");
    const count = await ui.resultCount();
    const csv = await ui.download(ui.exportCsvButton);
    const lines = decode(csv.bytes)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toMatch(/^attempt_id,communication_id,created_at,subject,/);
    expect(lines).toHaveLength(count + 1);
  });

  it("shows the progress of a large download and cancels it", async () => {
    await ui.goto();
    let saved = false;
    page.on("download", () => (saved = true));
    await ui.downloadZipButton.click();
    const progress = page.getByRole("status").filter({ hasText: /^ZIP download:/ });
    await progress.waitFor();
    await expect.poll(() => progress.getByRole("progressbar").getAttribute("value"), poll).not.toBeNull();
    await page.screenshot({ path: path.join(SCREENSHOTS, "download-progress.png") });
    await progress.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("ZIP download cancelled").waitFor();
    await expect(progress.count()).resolves.toBe(0);
    await expect(ui.downloadZipButton.isEnabled()).resolves.toBe(true);
    expect(saved).toBe(false);
  });

  it("downloads one communication's proof from its detail sheet", async () => {
    await ui.goto("?q=Boulangerie+Martin&category=invoice");
    await ui.rows.first().getByRole("button").first().click();
    await ui.detail.getByRole("button", { name: "Download proof (ZIP)" }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "download-detail.png") });
    const { bytes } = await ui.download(ui.detail.getByRole("button", { name: "Download proof (ZIP)" }));
    const { manifest } = openZip(bytes);
    expect(manifest.attempts.length).toBeGreaterThan(0);
    expect(new Set(manifest.attempts.map((entry) => entry.subject)).size).toBe(1);
  });
});
