import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getZip } from "@/app/api/downloads/zip/route";
import { provideDatabase } from "@/db/client";
import { setStaffLocale } from "@/db/queries/staff";
import { attempts, customers, staffUsers } from "@/db/schema";
import { registerEmbeddedFunctions } from "@/inngest/embedded";
import { drainLocalRunner } from "@/inngest/local-runner";
import { createApiKey } from "@/lib/auth/api-keys";
import { getStaffSession } from "@/lib/auth/staff-session";
import { streamProofZip } from "@/lib/documents/proof-zip";
import { settleSandboxWebhooks } from "@/lib/providers/sandbox/sandbox-adapter";
import { resendAttempt } from "@/lib/sending/resend-attempt";
import { getSendingDeps, provideSendingDeps } from "@/lib/sending/runtime";
import { type PlatformApi, platformApiClient } from "../support/platform-api-client";
import { routeFetch } from "../support/platform-api-routes";
import { testSecrets } from "../support/provider-requests";
import { INVOICE_DATA, testSendingDeps } from "../support/sending-harness";
import { signedInStaff } from "../support/staff-sessions";
import { openTestDatabase, type TestDatabase } from "../support/test-database";
import { stubEmbeddedEnv } from "../support/webhook-test-env";
import { unzipVerified } from "../support/zip-entries";

// Languages end to end below the browser: a customer's language from its country, the
// language recorded on each attempt and in the proof pack, a staff member's language on
// the session, and a refused download explained in that language.

let database: TestDatabase;
let api: PlatformApi;

beforeAll(async () => {
  stubEmbeddedEnv();
  database = await openTestDatabase();
  provideDatabase(database);
  provideSendingDeps(testSendingDeps(database.db, await testSecrets()));
  registerEmbeddedFunctions();
  const key = await createApiKey(database.db, { name: "Billing", scopes: ["send", "read"], createdBy: "test" });
  api = platformApiClient(key.secret, { baseUrl: "http://herald.test", fetch: routeFetch });
});
beforeEach(() => stubEmbeddedEnv());
afterAll(() => database.close());

/** Sends an invoice by e-mail to a new customer and waits for its first attempt. */
async function sendInvoice(customer: { country?: string; locale?: "en" | "fr" | "nl" }) {
  const reference = `INV-${crypto.randomUUID().slice(0, 8)}`;
  const created = await api.POST("/api/v1/communications", {
    body: {
      subject: { type: "invoice", reference },
      customer: { reference: `CUST-${reference}`, name: "Brouwerij Test BV", email: "boekhouding@brouwerij.example", ...customer },
      category: "invoice",
      templateData: INVOICE_DATA,
    },
  });
  expect(created.response.status).toBe(202);
  const id = created.data!.id;
  const attempt = await vi.waitFor(
    async () => {
      await drainLocalRunner();
      await settleSandboxWebhooks();
      const [row] = await database.db.select().from(attempts).where(eq(attempts.communicationId, id));
      expect(row).toBeDefined();
      return row!;
    },
    { timeout: 15_000, interval: 100 },
  );
  const [row] = await database.db
    .select()
    .from(customers)
    .where(eq(customers.externalRef, `CUST-${reference}`));
  return { id, attempt, customer: row! };
}

describe("a customer's language", () => {
  it.each([
    [{ country: "BE" }, "nl", /^Factuur INV-/],
    [{ country: "NL" }, "nl", /^Factuur INV-/],
    [{ country: "LU" }, "fr", /^Facture INV-/],
    [{ country: "DE" }, "en", /^Invoice INV-/],
    [{}, "fr", /^Facture INV-/],
    [{ country: "FR", locale: "nl" as const }, "nl", /^Factuur INV-/],
    [{ country: "BE", locale: "en" as const }, "en", /^Invoice INV-/],
  ])("%j: written to in %s, and the attempt says so", async (customer, language, subject) => {
    const { attempt, customer: row } = await sendInvoice(customer);
    expect(row.locale).toBe(language);
    expect(attempt.locale).toBe(language);
    expect(attempt.subject).toMatch(subject);
  });

  it("keeps a customer's language when later requests leave it out, and a resend keeps the message's", async () => {
    const first = await sendInvoice({ country: "BE" });
    const again = await api.POST("/api/v1/communications", {
      body: {
        subject: { type: "invoice", reference: `INV-${crypto.randomUUID().slice(0, 8)}` },
        customer: {
          reference: first.customer.externalRef,
          name: "Brouwerij Test BV",
          email: "boekhouding@brouwerij.example",
          country: "FR",
        },
        category: "invoice",
        templateData: INVOICE_DATA,
      },
    });
    expect(again.response.status).toBe(202);
    const [customer] = await database.db.select().from(customers).where(eq(customers.id, first.customer.id));
    expect(customer!.locale).toBe("nl");

    const resent = await resendAttempt(await getSendingDeps(), { attemptId: first.attempt.id, createdBy: "test" });
    expect(resent.locale).toBe("nl");
    expect(resent.contentSha256).toBe(first.attempt.contentSha256);
  });

  it("lists the language of every attempt in the proof ZIP's manifests", async () => {
    const dutch = await sendInvoice({ country: "BE" });
    const french = await sendInvoice({ country: "FR" });
    const stream = streamProofZip(database.db, {
      tab: "log",
      filters: { ids: [dutch.attempt.id, french.attempt.id] },
      description: "test",
    });
    const files = unzipVerified(new Uint8Array(await new Response(stream).arrayBuffer()));
    const text = (name: string) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(files[name]);
    const manifest = JSON.parse(text("manifest.json")) as { attempts: { attemptId: string; language: string | null }[] };
    expect(Object.fromEntries(manifest.attempts.map((entry) => [entry.attemptId, entry.language]))).toEqual({
      [dutch.attempt.id]: "nl",
      [french.attempt.id]: "fr",
    });
    const [header, ...rows] = text("manifest.csv").trim().split("\r\n");
    const column = header!.split(",").indexOf("language");
    expect(column).toBeGreaterThan(0);
    expect(rows.map((row) => row.split(",")[column]).sort()).toEqual(["fr", "nl"]);
  });
});

describe("a staff member's language", () => {
  it("is stored on the account and read with the session", async () => {
    const { email, cookie } = await signedInStaff(database.db, "viewer");
    const headers = new Headers({ cookie });
    expect((await getStaffSession(headers))?.locale).toBeNull();
    const [staff] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, email));
    await setStaffLocale(database.db, { id: staff!.id, locale: "fr" });
    expect((await getStaffSession(headers))?.locale).toBe("fr");
    await setStaffLocale(database.db, { id: staff!.id, locale: null });
    expect((await getStaffSession(headers))?.locale).toBeNull();
  });

  it("explains a refused download in the account's language, else the browser's, else English", async () => {
    await sendInvoice({ country: "BE" });
    const { email, cookie } = await signedInStaff(database.db, "viewer");
    const [staff] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, email));
    stubEmbeddedEnv({ HERALD_DOWNLOAD_MAX_BYTES: "10" });
    const refusal = async (acceptLanguage?: string) => {
      const headers = new Headers({ cookie, ...(acceptLanguage ? { "accept-language": acceptLanguage } : {}) });
      const response = await getZip(new Request("http://herald.test/api/downloads/zip?tab=log", { headers }));
      expect(response.status).toBe(413);
      return ((await response.json()) as { error: { code: string; message: string } }).error;
    };
    expect(await refusal()).toMatchObject({ code: "download_too_large", message: expect.stringMatching(/^This download would be about/) });
    expect((await refusal("nl-BE,nl;q=0.9")).message).toMatch(/^Deze download zou ongeveer .* groot zijn/);
    await setStaffLocale(database.db, { id: staff!.id, locale: "fr" });
    expect((await refusal("nl-BE,nl;q=0.9")).message).toMatch(/^Ce téléchargement ferait environ .* au-delà de la limite de 10 o/);
  });
});

describe("attempts sent before languages were recorded", () => {
  it("get the language of their template key from the migration, and keep it", async () => {
    const { attempt } = await sendInvoice({ country: "BE" });
    // As an older attempt: no language, only the template key recorded with it.
    await database.execRaw("ALTER TABLE attempts DISABLE TRIGGER attempts_immutable");
    await database.execRaw(`UPDATE attempts SET locale = NULL WHERE id = '${attempt.id}'`);
    await database.execRaw("ALTER TABLE attempts ENABLE TRIGGER attempts_immutable");
    const folder = path.join(process.cwd(), "db/migrations");
    const migration = readFileSync(
      path.join(
        folder,
        readdirSync(folder).find((file) => file.endsWith("_languages.sql"))!,
      ),
      "utf8",
    );
    const backfill = migration.split("--> statement-breakpoint").find((statement) => /UPDATE "attempts" SET "locale"/.test(statement))!;
    // In the migration the backfill runs before the trigger learns about the column.
    await database.execRaw(
      `ALTER TABLE attempts DISABLE TRIGGER attempts_immutable; ${backfill}; ALTER TABLE attempts ENABLE TRIGGER attempts_immutable`,
    );
    const [row] = await database.db.select().from(attempts).where(eq(attempts.id, attempt.id));
    expect(row!.locale).toBe("nl");
    await expect(database.db.execute(sql`UPDATE attempts SET locale = 'fr' WHERE id = ${attempt.id}`)).rejects.toSatisfy(
      (error: Error & { cause?: { message?: string } }) => /immutable/.test(`${error.message} ${error.cause?.message ?? ""}`),
    );
  });
});
