import { mkdir } from "node:fs/promises";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import en from "@/lib/i18n/messages/en.json";
import fr from "@/lib/i18n/messages/fr.json";
import nl from "@/lib/i18n/messages/nl.json";
import { DEMO_PASSWORD } from "@/lib/auth/staff-accounts";
import { DEFAULT_TIME_ZONE } from "@/lib/time-zone";
import { launchChromium, waitForHydration } from "./support/browser";

// The page in each staff language: the browser's Accept-Language decides for an account
// without a setting; the header setting, stored on the account, overrides it and outlives
// the session. Labels are checked against words written here, dates against day-month
// tables written here too (not against Herald's own formatter).
const SCREENSHOTS = path.join(process.cwd(), "tests/e2e/__screenshots__");
const poll = { timeout: 15_000, interval: 200 };

const BROWSER_LOCALE = { en: "en-GB", nl: "nl-BE", fr: "fr-FR" } as const;
type Locale = keyof typeof BROWSER_LOCALE;
const CATALOGUE = { en, nl, fr };

// What a staff member reads, per language — written out, so a wrong catalogue entry fails.
const WORDS = {
  en: {
    title: "Communications",
    log: "Communication log",
    failed: "Failed",
    failure: /^(Failed|Rejected)/,
    errorDetails: "Error details",
    nextStep: "What happens next",
    send: "Send…",
    dryRun: "Dry run",
    byEmail: /^By E-mail\s+\d+$/,
    cancel: "Cancel",
  },
  nl: {
    title: "Communicaties",
    log: "Communicatielogboek",
    failed: "Mislukt",
    failure: /^(Mislukt|Geweigerd)/,
    errorDetails: "Foutdetails",
    nextStep: "Wat er nu gebeurt",
    send: "Verzenden…",
    dryRun: "Proefrun",
    byEmail: /^Via E-mail\s+\d+$/,
    cancel: "Annuleren",
  },
  fr: {
    title: "Communications",
    log: "Journal des envois",
    failed: "Échecs",
    failure: /^(Échec|Refusé)/,
    errorDetails: "Détail de l’erreur",
    nextStep: "Ce qui se passe ensuite",
    send: "Envoyer…",
    dryRun: "Simulation",
    byEmail: /^Par E-mail\s+\d+$/,
    cancel: "Annuler",
  },
} as const;

// Short month names as each language writes them in a medium date ("1 déc. 2026, 10:30").
const MONTHS = {
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"],
  nl: ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
  fr: ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
} as const;

/** "1 déc. 2026, 10:30" for an instant, in the staff time zone, from the tables above. */
function expectedDateTime(iso: string, locale: Locale): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: DEFAULT_TIME_ZONE,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${Number(parts.day)} ${MONTHS[locale][Number(parts.month) - 1]} ${parts.year}, ${parts.hour}:${parts.minute}`;
}

// French puts a no-break space before ":" and ";": compare texts with every space alike.
const spaces = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  browser = await launchChromium();
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(() => browser?.dispose());

async function contextFor(locale: Locale, role?: "operator"): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, locale: BROWSER_LOCALE[locale] });
  if (role) {
    const cookie = inject("staffCookies")[role];
    await context.addCookies([
      { name: "better-auth.session_token", value: cookie, url: inject("baseUrl"), httpOnly: true, sameSite: "Lax" },
    ]);
  }
  return context;
}

/** The results table of the current tab, whatever its language (the tracking-health table is not fixed-layout). */
const results = (page: Page) => page.locator("table.table-fixed");

async function settled(page: Page) {
  await results(page).or(page.locator('[role="status"] button')).first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
  await waitForHydration(page);
}

async function column(page: Page, index: number): Promise<string[]> {
  return results(page)
    .locator(`tbody tr td:nth-child(${index + 1})`)
    .evaluateAll((cells) => cells.map((cell) => (cell as HTMLElement).innerText.trim()));
}

/** Console errors a page logs (a hydration mismatch between Node's and Chromium's Intl shows here). */
function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && !/favicon/.test(message.location().url)) errors.push(message.text());
  });
  return errors;
}

describe.each(["en", "nl", "fr"] as const)("the acceptance walk in %s", (locale) => {
  const words = WORDS[locale];
  const t = CATALOGUE[locale];

  it("searches, filters, explains a failed e-mail and dry-runs a bulk send in the browser's language", async () => {
    const context = await contextFor(locale, "operator");
    const page = await context.newPage();
    const errors = consoleErrors(page);
    const base = inject("baseUrl");

    await page.goto(`${base}/communications`);
    await settled(page);
    expect(await page.locator("html").getAttribute("lang")).toBe(locale);
    await page.getByRole("heading", { level: 1, name: words.title, exact: true }).waitFor();
    await page.getByRole("tab", { name: words.log, exact: true }).waitFor();
    // Dates as the language writes them: Last activity is the 7th column.
    const times = await results(page)
      .locator("tbody time")
      .evaluateAll((nodes) => nodes.map((n) => [n.getAttribute("datetime")!, (n as HTMLElement).innerText]));
    expect(times.length).toBeGreaterThan(10);
    for (const [iso, shown] of times.slice(0, 10)) expect(shown).toBe(expectedDateTime(iso!, locale));
    await page.screenshot({ path: path.join(SCREENSHOTS, `languages-${locale}-communication-tab.png`) });

    // Search: part of an invoice reference, as staff type it.
    const subject = (await column(page, 1)).find((text) => text.startsWith(t.subjectType.invoice))!;
    const reference = subject.split(" ").at(-1)!;
    await page.getByRole("searchbox").fill(reference.slice(-6));
    await page.waitForURL(/q=/);
    await settled(page);
    await expect.poll(async () => (await column(page, 1)).includes(subject), poll).toBe(true);

    // A quick filter, by its translated name: only failures are left.
    await page.goto(`${base}/communications`);
    await settled(page);
    await page
      .getByRole("group", { name: t.filters.quickFilters })
      .getByRole("button", { name: new RegExp(`^${words.failed}`) })
      .click();
    await page.waitForURL(/quick=failed/);
    await settled(page);
    await expect
      .poll(async () => {
        const statuses = await column(page, 5);
        return statuses.length > 0 && statuses.every((status) => words.failure.test(status));
      }, poll)
      .toBe(true);

    // A failed e-mail's details in the log: the error, its failure class and the advice.
    await page.goto(`${base}/communications?tab=log&quick=failed&channel=email`);
    await settled(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, `languages-${locale}-log-tab.png`) });
    await results(page).locator("tbody tr").first().getByRole("button").first().click();
    const detail = page.getByRole("dialog");
    await detail.getByRole("heading", { name: words.errorDetails }).waitFor();
    const facts = await detail
      .locator("dl")
      .first()
      .evaluate((dl) =>
        Object.fromEntries([...dl.querySelectorAll("dt")].map((dt) => [dt.textContent, (dt.nextElementSibling as HTMLElement).innerText])),
      );
    // The advice for the attempt's failure class, or — once another file's sends have failed
    // an attempt over to the other provider — the failover's.
    const advice = [...Object.values(t.nextStep), t.failover.nextStep];
    expect(advice.map(spaces)).toContain(spaces(facts[words.nextStep] ?? ""));
    expect(Object.values(t.failureClass).map(spaces)).toContain(spaces(facts[t.attemptDetail.failureClass] ?? ""));
    await page.keyboard.press("Escape");

    // Bulk send: the dry run only, cancelled — nothing is sent.
    await page.goto(`${base}/communications?quick=failed`);
    await settled(page);
    await results(page).locator("thead input[type=checkbox]").check();
    await page.getByRole("button", { name: words.send, exact: true }).click();
    const dialog = page.getByRole("dialog");
    const dryRun = dialog.getByRole("table", { name: words.dryRun });
    await expect
      .poll(() => dryRun.getByRole("row").allInnerTexts(), poll)
      .toEqual(expect.arrayContaining([expect.stringMatching(words.byEmail)]));
    await dialog.getByRole("button", { name: words.cancel, exact: true }).click();

    expect(errors.filter((error) => /hydrat/i.test(error))).toEqual([]);
    await context.close();
  });
});

describe("the language setting", () => {
  it("a staff member whose browser asks for Dutch sees Dutch, switches to French, and keeps French after signing out", async () => {
    const base = inject("baseUrl");
    const email = `lotte-${crypto.randomUUID().slice(0, 6)}@herald.test`;
    await addStaffMember(browser, base, email);

    const context = await contextFor("nl");
    const page = await context.newPage();
    await signIn(page, base, email, { heading: "Aanmelden", submit: "Aanmelden" });
    await page.getByRole("heading", { level: 1, name: "Communicaties" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("nl");

    // The view is in the URL, not the language: switching keeps tab, filters and all.
    await page.goto(`${base}/communications?tab=log&quick=failed&channel=email`);
    await settled(page);
    const view = page.url();
    await page.getByRole("combobox", { name: "Taal" }).selectOption("fr");
    await page.getByRole("tab", { name: "Journal des envois", selected: true }).waitFor();
    await settled(page);
    expect(page.url()).toBe(view);
    expect(await page.locator("html").getAttribute("lang")).toBe("fr");
    await page
      .getByRole("group", { name: "Filtres rapides par statut" })
      .getByRole("button", { name: /^Échecs/, pressed: true })
      .waitFor();
    expect(await page.getByRole("button", { name: /^Filtre Canal/ }).innerText()).toMatch(/E-mail/);

    // Signed out, the sign-in page has no account to ask: it follows the browser (Dutch).
    await page.getByRole("button", { name: "Se déconnecter" }).click();
    await page.waitForURL(/\/sign-in\?signedOut=1/);
    await page.getByText("U bent afgemeld.").waitFor();
    // Signed in again, the account's French is back.
    await signIn(page, base, email, { heading: "Aanmelden", submit: "Aanmelden" });
    await page.getByRole("heading", { level: 1, name: "Communications" }).waitFor();
    await page.getByRole("tab", { name: "Journal des envois" }).waitFor();
    expect(await page.getByRole("combobox", { name: "Langue" }).inputValue()).toBe("fr");

    // Back to the browser's language: Dutch again.
    await page.getByRole("combobox", { name: "Langue" }).selectOption("auto");
    await page.getByRole("heading", { level: 1, name: "Communicaties" }).waitFor();
    await context.close();
  });
});

/** An admin adds a staff member through the Staff page (English: the admin's browser). */
async function addStaffMember(browser: Browser, base: string, email: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "en-GB" });
  const cookie = inject("staffCookies").admin;
  await context.addCookies([{ name: "better-auth.session_token", value: cookie, url: base, httpOnly: true, sameSite: "Lax" }]);
  const page = await context.newPage();
  await page.goto(`${base}/admin/staff`);
  await waitForHydration(page);
  await page.getByLabel("Name", { exact: true }).fill("Lotte Lezer");
  await page.getByLabel("E-mail", { exact: true }).fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption("operator");
  await page.getByLabel("First password (at least 12 characters)").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Add staff member" }).click();
  await page.getByText(`Lotte Lezer can now sign in as ${email}`).first().waitFor();
  await context.close();
}

async function signIn(page: Page, base: string, email: string, words: { heading: string; submit: string }) {
  if (!new URL(page.url()).pathname.startsWith("/sign-in")) await page.goto(`${base}/sign-in`);
  await page.getByRole("heading", { name: words.heading }).waitFor();
  await waitForHydration(page);
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: words.submit }).click();
  await page.waitForURL(/\/communications/);
  await waitForHydration(page);
}
