import { and, isNotNull, isNull, like, not, sql } from "drizzle-orm";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAttempts } from "@/db/queries/communication-log";
import {
  countCommunications,
  countCommunicationsByStatus,
  countCommunicationsQuery,
  listCommunications,
} from "@/db/queries/communications";
import { type CommunicationFilters, type Keyset, resolveFilters } from "@/db/queries/filters";
import { RANKED_LIMIT } from "@/db/queries/search";
import { upsertCustomer } from "@/db/queries/customers";
import { attempts, communications, customerNames, customers } from "@/db/schema";
import { seedDemoData } from "@/db/seed";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// The search box (db/queries/search.ts): a reference, customer number, provider message id,
// e-mail or phone finds exactly its rows; only when nothing starts with the text does it
// fall back to the most similar names, best first.
let database: TestDatabase;
type Communication = typeof communications.$inferSelect;
type Attempt = typeof attempts.$inferSelect;
let visible: Communication[];
let visibleAttempts: Attempt[];

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoData(database.db, { communications: 800, customers: 90, seed: 11, now: new Date("2026-11-20T12:00:00Z") });
  visible = await database.db
    .select()
    .from(communications)
    .where(and(not(communications.collectingData), isNull(communications.ignoredAt)));
  visibleAttempts = await database.db.select().from(attempts).where(isNull(attempts.communicationIgnoredAt));
});
afterAll(() => database.close());

async function overview(filters: CommunicationFilters, limit = 40) {
  const ids: string[] = [];
  let cursor: Keyset | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await listCommunications(database.db, { filters, limit, cursor });
    ids.push(...page.rows.map((row) => row.id));
    if (!page.nextCursor) return ids;
    cursor = page.nextCursor;
  }
  throw new Error("pagination did not terminate");
}

async function log(filters: CommunicationFilters) {
  return (await listAttempts(database.db, { filters, limit: 5000 })).rows.map((row) => row.id);
}

const sorted = (ids: string[]) => [...ids].sort();
const communicationsOf = (rows: Attempt[]) =>
  sorted([...new Set(rows.map((row) => row.communicationId))].filter((id) => visible.some((c) => c.id === id)));

describe("reference mode", () => {
  it("an invoice number finds exactly that invoice, on both tabs, in any case", async () => {
    const invoice = visible.find((row) => row.subjectType === "invoice" && row.attemptCount > 0)!;
    const expected = visible.filter((row) => row.subjectRef === invoice.subjectRef).map((row) => row.id);
    expect(sorted(await overview({ search: invoice.subjectRef }))).toEqual(sorted(expected));
    expect(sorted(await overview({ search: ` ${invoice.subjectRef.toLowerCase()} ` }))).toEqual(sorted(expected));
    const attemptsOfIt = visibleAttempts.filter((row) => row.subjectRef === invoice.subjectRef).map((row) => row.id);
    expect(sorted(await log({ search: invoice.subjectRef }))).toEqual(sorted(attemptsOfIt));
    const counts = await countCommunicationsByStatus(database.db, { search: invoice.subjectRef });
    expect(Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(expected.length);
  });

  it("the start of a reference finds every reference that starts with it, and nothing else", async () => {
    const invoice = visible.find((row) => row.subjectType === "invoice")!;
    const prefix = invoice.subjectRef.slice(0, -1);
    const expected = visible.filter((row) => row.subjectRef.toLowerCase().startsWith(prefix.toLowerCase())).map((row) => row.id);
    expect(expected.length).toBeGreaterThan(1);
    expect(sorted(await overview({ search: prefix }))).toEqual(sorted(expected));
  });

  it("a customer number finds that customer's communications", async () => {
    const [customer] = await database.db
      .select()
      .from(customers)
      .where(sql`${customers.id} = ${visible[0]!.customerId}`);
    const expected = visible.filter((row) => row.customerId === customer!.id).map((row) => row.id);
    expect(sorted(await overview({ search: customer!.externalRef }))).toEqual(sorted(expected));
    expect(sorted(await log({ search: customer!.externalRef.toLowerCase() }))).toEqual(
      sorted(visibleAttempts.filter((row) => row.customerId === customer!.id).map((row) => row.id)),
    );
  });

  it("a provider message id finds the communication it belongs to and that attempt", async () => {
    const attempt = visibleAttempts.find((row) => row.providerMessageId && row.provider === "twilio")!;
    expect(await log({ search: attempt.providerMessageId! })).toEqual([attempt.id]);
    expect(await overview({ search: attempt.providerMessageId! })).toEqual([attempt.communicationId]);
  });

  it("an e-mail address finds the communications sent to it", async () => {
    const attempt = visibleAttempts.find((row) => row.channel === "email" && row.recipient.includes("@"))!;
    const sentTo = visibleAttempts.filter((row) => row.recipient.toLowerCase() === attempt.recipient.toLowerCase());
    expect(sorted(await overview({ search: attempt.recipient.toUpperCase() }))).toEqual(communicationsOf(sentTo));
    expect(sorted(await log({ search: attempt.recipient }))).toEqual(sorted(sentTo.map((row) => row.id)));
  });

  it("a phone number matches in national, spaced or E.164 format (national read in the customer's country, else France)", async () => {
    const sms = visibleAttempts.filter((row) => row.channel === "sms" && row.recipient.startsWith("+"));
    const french = sms.find((row) => row.recipient.startsWith("+33"))!;
    const sentTo = visibleAttempts.filter((row) => row.recipient === french.recipient);
    const phone = parsePhoneNumberFromString(french.recipient)!;
    for (const typed of [
      french.recipient,
      phone.formatNational(),
      phone.formatInternational(),
      phone.formatNational().replace(/\s/g, "."),
    ]) {
      expect(sorted(await log({ search: typed })), typed).toEqual(sorted(sentTo.map((row) => row.id)));
      expect(sorted(await overview({ search: typed })), typed).toEqual(communicationsOf(sentTo));
    }
    const foreign = sms.find((row) => !row.recipient.startsWith("+33"));
    if (foreign) {
      const national = parsePhoneNumberFromString(foreign.recipient)!.formatNational();
      const mine = visibleAttempts
        .filter((row) => row.recipient === foreign.recipient && row.customerId === foreign.customerId)
        .map((row) => row.id);
      expect(sorted(await log({ search: national, customerId: foreign.customerId })), national).toEqual(sorted(mine));
    }
  });
});

/** A long word of a customer's name with two letters swapped, and the word. */
function misspeltName() {
  const name = visible.find((row) => row.customerName.split(" ").some((word) => word.length >= 8))!.customerName;
  const word = name.split(" ").find((candidate) => candidate.length >= 8)!;
  return { word, typo: word.slice(0, 2) + word[3] + word[2] + word.slice(4) };
}

describe("similar mode", () => {
  it("a misspelt name ranks the closest names first, bounded, and pages without gaps or repeats", async () => {
    const { word, typo } = misspeltName();
    const ids = await overview({ search: typo }, 7);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThanOrEqual(RANKED_LIMIT);
    const byId = new Map(visible.map((row) => [row.id, row]));
    expect(byId.get(ids[0]!)!.customerName.toLowerCase()).toContain(word.toLowerCase());
    const scores = await database.db
      .select({ id: communications.id, score: sql<number>`word_similarity(${typo.toLowerCase()}, ${communications.searchText})` })
      .from(communications)
      .where(sql`${communications.id} IN ${ids}`);
    const score = new Map(scores.map((row) => [row.id, row.score]));
    const ranked = ids.map((id) => score.get(id)!);
    expect(ranked).toEqual([...ranked].sort((a, b) => b - a));
    const counts = await countCommunicationsByStatus(database.db, { search: typo });
    expect(Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(ids.length);
  });

  it("is ranked once per tab: the rows, their counts and the total then read those ids by key", async () => {
    const { typo } = misspeltName();
    const resolved = await resolveFilters(database.db, { search: typo }, "overview");
    const plan = resolved.search?.mode === "similar" ? resolved.search : undefined;
    expect(plan?.ranked?.tab).toBe("overview");
    const ids = plan!.ranked!.ids;
    expect(ids.length).toBeGreaterThan(0);
    // The set the unresolved path ranks inside each statement, page after page.
    expect(sorted(ids)).toEqual(sorted(await overview({ search: typo }, 7)));
    const page = await listCommunications(database.db, { filters: resolved, limit: RANKED_LIMIT });
    expect(page.rows.map((row) => row.id)).toEqual(await overview({ search: typo }, RANKED_LIMIT));
    const counted = countCommunicationsQuery(database.db, resolved).toSQL();
    expect(counted.sql).not.toMatch(/word_similarity|<%/);
    expect(Object.values(await countCommunicationsByStatus(database.db, resolved)).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(ids.length);
    expect(await countCommunications(database.db, resolved)).toBe(ids.length);
    // Read on the other tab, the same filters are ranked there: attempts, not communications.
    const onLog = await resolveFilters(database.db, resolved, "log");
    const logPlan = onLog.search?.mode === "similar" ? onLog.search : undefined;
    expect(logPlan?.ranked?.tab).toBe("log");
    expect(sorted(logPlan!.ranked!.ids)).toEqual(sorted(await log({ search: typo })));
  });

  it("a fragment inside a name or address still finds it; unknown text finds nothing", async () => {
    const row = visible.find((candidate) => candidate.customerName.length > 12)!;
    const fragment = row.customerName.slice(3, 10).toLowerCase();
    expect(await overview({ search: fragment })).toContain(row.id);
    expect(await overview({ search: "zzzzqqqqxxxx" })).toEqual([]);
  });

  it("is not used when the text starts a reference: every invoice is trigram-similar, only the one typed is listed", async () => {
    const withRef = await database.db
      .select({ ref: communications.subjectRef })
      .from(communications)
      .where(and(like(communications.subjectRef, "INV-%"), isNotNull(communications.channel)))
      .limit(1);
    const ref = withRef[0]!.ref;
    const found = await overview({ search: ref });
    expect(found.length).toBe(visible.filter((row) => row.subjectRef === ref).length);
  });
});

describe("contains mode", () => {
  it("a number typed without its prefix lists exactly the rows containing it, never numbers merely like it", async () => {
    const invoice = visible.find((row) => row.subjectType === "invoice" && row.attemptCount > 0)!;
    const number = invoice.subjectRef.replace(/^[A-Z]+-/, "");
    expect((await resolveFilters(database.db, { search: number })).search?.mode).toBe("contains");
    const expected = visible.filter((row) => row.searchText.includes(number.toLowerCase())).map((row) => row.id);
    expect(expected).toContain(invoice.id);
    expect(sorted(await overview({ search: number }))).toEqual(sorted(expected));
    const counts = await countCommunicationsByStatus(database.db, { search: number });
    expect(Object.values(counts).reduce((sum, n) => sum + (n ?? 0), 0)).toBe(expected.length);
  });

  it("an address that nothing starts with is matched as typed: its domain finds the rows sent there", async () => {
    const attempt = visibleAttempts.find((row) => row.channel === "email" && row.recipient.includes("@"))!;
    const domain = attempt.recipient.split("@")[1]!.toLowerCase();
    expect((await resolveFilters(database.db, { search: domain })).search?.mode).toBe("contains");
    const expected = visible.filter((row) => row.searchText.includes(domain)).map((row) => row.id);
    expect(sorted(await overview({ search: domain }))).toEqual(sorted(expected));
  });
});

// Last: it renames a customer of the shared seed.
describe("customer names", () => {
  it("a new or renamed customer's name is searchable at once: customer_names follows the customers", async () => {
    const [customer] = await database.db
      .select()
      .from(customers)
      .where(sql`${customers.id} = ${visible[0]!.customerId}`);
    const renamed = "Quincaillerie Wolfgangsee";
    await upsertCustomer(database.db, { reference: customer!.externalRef, name: renamed, contacts: [] });
    await upsertCustomer(database.db, { reference: "CUS-NEW-TEST", name: "Maroquinerie Zébulon", contacts: [] });
    const names = (await database.db.select().from(customerNames)).map((row) => row.name);
    expect(names).toEqual(expect.arrayContaining([renamed, "Maroquinerie Zébulon", customer!.name]));
    const mine = visible.filter((row) => row.customerId === customer!.id).map((row) => row.id);
    expect(sorted(await overview({ search: "quincailerie wolfgangse" }))).toEqual(sorted(mine));
  });
});
