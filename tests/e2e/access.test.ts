import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "@/lib/auth/staff-accounts";
import { launchChromium, waitForHydration } from "./support/browser";
import { listAppEntries } from "./support/app-routes";
import { CommunicationsPage } from "./support/communications-page";
import { signedInContext } from "./support/staff";

// Nobody gets in where they don't belong, checked against the app as `npm start` serves it.
const SCREENSHOTS = path.join(process.cwd(), "tests/e2e/__screenshots__");
const ENTRIES = listAppEntries();

// The only ways in without a staff session, each refusing something else instead.
const isWebhook = (url: string) => url.startsWith("/api/webhooks/") || url.startsWith("/api/webhook-inbox/");
const PUBLIC: Record<string, string> = {
  "/sign-in": "the sign-in page itself",
  "/api/auth/probe": "better-auth's endpoints: sign-in (rate-limited), session (null when anonymous)",
  "/api/inngest": "Inngest-signed only (503 in the embedded mode; see tests/integration/inngest-route.test.ts)",
  "/api/health": "liveness: says the server answers, and nothing else",
};

let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser?.dispose());

describe("an anonymous request", () => {
  it("finds every page and route handler under app/", () => {
    expect(ENTRIES.map((e) => e.url)).toEqual(
      expect.arrayContaining([
        "/communications",
        "/admin/api-keys",
        "/api/tracking-health",
        "/api/webhooks/resend",
        "/api/webhook-inbox/resend",
      ]),
    );
    for (const entry of ENTRIES) expect(entry.methods.length, `${entry.file} exports no HTTP method`).toBeGreaterThan(0);
  });

  const guarded = ENTRIES.filter((e) => !isWebhook(e.url) && !(e.url in PUBLIC)).flatMap((e) =>
    e.methods.map((method) => [`${method} ${e.url}`, e, method] as const),
  );
  it.each(guarded)("%s gets a redirect to sign-in or 401, and no data", async (_label, entry, method) => {
    const response = await fetch(`${inject("baseUrl")}${entry.url}`, {
      method,
      redirect: "manual",
      headers: { origin: inject("baseUrl") },
      body: method === "GET" || method === "HEAD" ? undefined : "{}",
    });
    if (entry.kind === "page") {
      expect(response.status).toBe(307);
      expect(new URL(response.headers.get("location")!, inject("baseUrl")).pathname).toBe("/sign-in");
    } else {
      expect(response.status).toBe(401);
      // Staff routes want a session; the platform API (/api/v1) wants an API key; the local
      // CLI endpoint (/api/local) the installation's local admin token.
      expect(["unauthenticated", "api_key_missing", "local_admin_token"]).toContain(
        ((await response.json()) as { error: { code: string } }).error.code,
      );
    }
  });

  it.each(ENTRIES.filter((e) => isWebhook(e.url)).map((e) => [e.url] as const))("POST %s with a bad signature gets 401", async (url) => {
    const response = await fetch(`${inject("baseUrl")}${url}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "webhook-id": "msg_x",
        "webhook-timestamp": "1",
        "webhook-signature": "v1,AAAA",
        "x-twilio-signature": "AAAA",
        "x-twilio-email-event-webhook-signature": "AAAA",
        "x-twilio-email-event-webhook-timestamp": "1",
        "x-signature": "AAAA",
        signature: "AAAA",
      },
      body: JSON.stringify({ type: "email.delivered", data: { email_id: "forged" } }),
    });
    expect(response.status).toBe(401);
  });

  it("learns from /api/health only that the server answers", async () => {
    const response = await fetch(`${inject("baseUrl")}/api/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("sees only the sign-in form on /sign-in, no session from /api/auth, and a 503 from /api/inngest in the embedded mode", async () => {
    const base = inject("baseUrl");
    const signIn = await fetch(`${base}/sign-in`);
    expect(signIn.status).toBe(200);
    const html = await signIn.text();
    expect(html).toContain("Sign in");
    expect(html).not.toMatch(/INV-\d|Communication log/);
    expect(await (await fetch(`${base}/api/auth/get-session`)).json()).toBeNull();
    expect((await fetch(`${base}/api/inngest`, { method: "POST", body: "{}" })).status).toBe(503);
    expect(Object.keys(PUBLIC).every((url) => ENTRIES.some((e) => e.url === url))).toBe(true);
  });
});

describe("signing in and out", () => {
  it("rejects a wrong password with a clear message, signs in, shows the page, signs out, and Back shows no data", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const base = inject("baseUrl");
    await page.goto(`${base}/communications?quick=failed`);
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    await waitForHydration(page);

    await page.getByLabel("E-mail").fill("admin@herald.local");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "E-mail or password is wrong" }).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "sign-in-error.png") });

    await page.getByLabel("Password").fill(DEMO_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/communications\?quick=failed/);
    const ui = new CommunicationsPage(page, base);
    await ui.settled();
    expect(await ui.rows.count()).toBeGreaterThan(0);
    expect(await page.getByLabel("Signed in as").innerText()).toMatch(/Ada Admin\s*Admin/);

    await ui.goto("?quick=completed");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/sign-in\?signedOut=1/);
    await page.getByText("You are signed out.").waitFor();

    await page.goBack();
    await page.waitForLoadState();
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    expect(await page.getByRole("table").count()).toBe(0);
    expect(await page.getByText(/INV-\d/).count()).toBe(0);
    await context.close();
  });
});

describe("roles in the browser", () => {
  it("a viewer sees communications but no ignore form, no admin links, and a 403 page for admin pages", async () => {
    const context = await signedInContext(browser, inject("baseUrl"), inject("staffCookies"), "viewer");
    const page = await context.newPage();
    const ui = new CommunicationsPage(page, inject("baseUrl"));
    await ui.goto("?quick=failed");
    await ui.rows.first().getByRole("button").first().click();
    await ui.detail.waitFor();
    await ui.detail.getByRole("group", { name: "Current status" }).waitFor();
    expect(await ui.detail.getByLabel("Ignore this communication").count()).toBe(0);
    expect(await page.getByRole("link", { name: "API keys" }).count()).toBe(0);
    const response = await page.goto(`${inject("baseUrl")}/admin/api-keys`);
    expect(response?.status()).toBe(403);
    await page.getByRole("heading", { name: "You do not have access to this page" }).waitFor();
    await context.close();
  });

  it("an admin creates an API key (shown once, never again), revokes it, finds both in the audit trail, and sees the staff list", async () => {
    const base = inject("baseUrl");
    const context = await signedInContext(browser, base, inject("staffCookies"), "admin");
    const page = await context.newPage();
    page.on("dialog", (dialog) => dialog.accept());
    await page.goto(`${base}/admin/api-keys`);
    await page.getByLabel("Name").fill("Billing e2e");
    await page.getByRole("button", { name: "Create key" }).click();
    const secret = (await page.getByLabel("New API key").innerText()).trim();
    expect(secret).toMatch(/^hld_/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "api-keys.png") });
    await page.reload();
    expect(await page.getByText(secret).count()).toBe(0);
    const row = page.getByRole("row").filter({ hasText: "Billing e2e" });
    expect(await row.getByText("Never").count()).toBe(1);

    await row.getByRole("button", { name: "Revoke Billing e2e" }).click();
    await row.getByText(/^Revoked/).waitFor();
    await page.goto(`${base}/admin/audit`);
    const audit = page.getByRole("table", { name: "Audit events" });
    await audit.getByText("Revoked an API key").first().waitFor();
    expect(await audit.getByText("Created an API key").count()).toBeGreaterThan(0);
    expect(await audit.getByText("Signed in", { exact: true }).count()).toBeGreaterThan(0);
    // The revoked key is a link to its row on the API keys page.
    expect(await audit.getByRole("link", { name: /^API key / }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "audit-trail.png") });

    await page.goto(`${base}/admin/staff`);
    const staff = page.getByRole("table", { name: "Staff accounts" });
    for (const email of ["admin@herald.local", "operator@herald.local", "viewer@herald.local"]) await staff.getByText(email).waitFor();
    expect(await page.getByLabel("Role of Vera Viewer").inputValue()).toBe("viewer");
    await page.screenshot({ path: path.join(SCREENSHOTS, "staff.png") });
    await context.close();
  });

  it("an admin pins e-mail to SendGrid and back to automatic failover, audited; tracking health shows the route", async () => {
    const base = inject("baseUrl");
    const context = await signedInContext(browser, base, inject("staffCookies"), "admin");
    const page = await context.newPage();
    await page.goto(`${base}/admin/providers`);
    const email = page.locator("#route-email");
    await email.getByText("Hand-overs go to Resend").waitFor();
    expect(await page.locator("#route-sms").getByText("No failover: Twilio is the only SMS provider configured.").count()).toBe(1);
    await email.getByLabel("Always SendGrid, never fail over").check();
    await email.getByRole("button", { name: "Save" }).click();
    await page.getByText("Routing saved.").waitFor();
    await email.getByText("Pinned to SendGrid").waitFor();
    await email.getByText("Hand-overs go to SendGrid").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "providers.png"), fullPage: true });

    await page.goto(`${base}/communications`);
    await page.locator("#tracking-health summary").click();
    await page.locator("#tracking-failover").getByText("Hand-overs go to SendGrid").waitFor();

    await page.goto(`${base}/admin/providers`);
    await email.getByLabel(/^Automatic: fail over when Resend is unhealthy/).check();
    await email.getByRole("button", { name: "Save" }).click();
    await email.getByText("Hand-overs go to Resend").waitFor();
    await page.goto(`${base}/admin/audit`);
    const audit = page.getByRole("table", { name: "Audit events" });
    expect(await audit.getByText("Changed a channel's provider routing").count()).toBe(2);
    await context.close();
  });
});
