import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listAttempts } from "@/db/queries/communication-log";
import { listCommunications } from "@/db/queries/communications";
import type { CommunicationFilters, Keyset, SortDirection } from "@/db/queries/filters";
import { seedDemoData } from "@/db/seed";
import { openTestDatabase, type TestDatabase } from "../support/test-database";

// Previous / next on both tabs: walking forward page by page and back again with each
// page's previous cursor gives the same pages in the same order, in every sort and in the
// ranked (similarity) search, and the first page has no previous page.
let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedDemoData(database.db, { communications: 300, customers: 60, seed: 5, now: new Date("2026-11-20T12:00:00Z") });
});
afterAll(() => database.close());

type List = typeof listCommunications | typeof listAttempts;
type Page = { ids: string[]; nextCursor: Keyset | null; previousCursor: Keyset | null };

async function read(
  list: List,
  filters: CommunicationFilters,
  direction: SortDirection,
  cursor?: Keyset,
  toward?: "next" | "previous",
): Promise<Page> {
  // Small pages so a ranked search (a handful of similar names) still spans several.
  const page = await list(database.db, { filters, limit: filters.search ? 3 : 25, direction, cursor, toward });
  return { ids: page.rows.map((row) => row.id), nextCursor: page.nextCursor, previousCursor: page.previousCursor };
}

async function walk(list: List, filters: CommunicationFilters, direction: SortDirection) {
  const forward: Page[] = [await read(list, filters, direction)];
  while (forward.at(-1)!.nextCursor && forward.length < 6) forward.push(await read(list, filters, direction, forward.at(-1)!.nextCursor!));
  expect(forward.length).toBeGreaterThan(2);
  expect(forward[0]!.previousCursor).toBeNull();
  for (let index = forward.length - 1; index > 0; index--) {
    const back = await read(list, filters, direction, forward[index]!.previousCursor!, "previous");
    expect(back.ids).toEqual(forward[index - 1]!.ids);
    // Back on the first page there is nothing before it; elsewhere there is.
    expect(back.previousCursor === null).toBe(index === 1);
    expect(back.nextCursor).not.toBeNull();
  }
}

describe.each([
  ["Communication tab", listCommunications],
  ["Communication log", listAttempts],
] as const)("%s", (_name, list) => {
  it.each(["desc", "asc"] as const)("pages back the way it came (%s)", (direction) => walk(list, { showIgnored: true }, direction));

  it("pages back through a ranked search", () => walk(list, { search: "boulangrie", showIgnored: true }, "desc"));
});
