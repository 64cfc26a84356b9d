import fc from "fast-check";
import { createSerializer } from "nuqs/server";
import { describe, expect, it } from "vitest";
import { loadCommunicationsSearchParams } from "@/app/(staff)/communications/search-params";
import { categoryEnum } from "@/db/schema/enums";
import { type CommunicationFilterValues, communicationFilterParsers, toFilters } from "@/lib/filters/communication-filters";
import { HeraldError } from "@/lib/errors";
import { readListQuery } from "@/lib/platform-api/list-query";
import { ATTEMPT_STATUSES, CHANNELS, QUICK_FILTER_KEYS } from "@/lib/status";

// The filters are defined once (lib/filters/communication-filters.ts) and read twice: by
// the staff page's nuqs parsers and by the platform API's zod schema. Both must read the
// same URL value the same way, under their own names.

// The API's documented names (docs/openapi.json), spelled out: the contract, not a derivation.
const API_NAMES = { search: "q", channels: "channel", categories: "category", statuses: "status" } as const;
const serializeForApi = createSerializer(communicationFilterParsers, { urlKeys: API_NAMES });

const day = fc
  .date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2030-12-31T00:00:00Z"), noInvalidDate: true })
  .map((date) => new Date(date.toISOString().slice(0, 10)));
const values: fc.Arbitrary<CommunicationFilterValues> = fc.record({
  search: fc.string({ maxLength: 200 }),
  quick: fc.constantFrom(...QUICK_FILTER_KEYS),
  channels: fc.uniqueArray(fc.constantFrom(...CHANNELS)),
  categories: fc.uniqueArray(fc.constantFrom(...categoryEnum.enumValues)),
  statuses: fc.uniqueArray(fc.constantFrom(...ATTEMPT_STATUSES)),
  from: fc.option(day),
  to: fc.option(day),
  customer: fc.option(fc.uuid({ version: 4 })),
  location: fc.option(fc.string({ minLength: 1, maxLength: 100 })),
  ignored: fc.boolean(),
});

describe("communication filters", () => {
  it("the API reads what the shared parsers write, under its own names, as the page's filters", () => {
    fc.assert(
      fc.property(values, (filterValues) => {
        const url = `http://herald.test/api/v1/communications${serializeForApi(filterValues)}`;
        expect(readListQuery(url).filters).toEqual(toFilters(filterValues));
      }),
      { numRuns: 300 },
    );
  });

  it("the page keeps its URL keys (q, channel, category, status) and falls back to defaults on stale values", () => {
    const params = loadCommunicationsSearchParams(
      "http://herald.test/communications?q=INV-1&channel=email,fax&status=failed&quick=nope&ignored=true",
    );
    expect(params).toMatchObject({ search: "INV-1", channels: ["email"], statuses: ["failed"], quick: "all", ignored: true });
    // Postgres cannot take a NUL: the page drops it rather than failing.
    const nul = loadCommunicationsSearchParams("http://herald.test/communications?q=INV%00-1&location=Lyon%00");
    expect(toFilters(nul)).toMatchObject({ search: "INV-1", locationGroup: "Lyon" });
  });

  it("the API refuses a value outside its schema with 400 invalid_query naming the parameter", () => {
    const cases: [query: string, name: string][] = [
      ["channel=email,fax", "channel"],
      ["quick=nope", "quick"],
      ["from=2026-13-01", "from"],
      ["customer=not-a-uuid", "customer"],
      ["limit=0", "limit"],
      ["ignored=yes", "ignored"],
      ["cursor=bogus", "cursor"],
      ["search=x", "search"],
      ["q=INV%00-1", "q: must not contain the NUL character"],
      ["location=Lyon%00", "location: must not contain the NUL character"],
    ];
    for (const [query, name] of cases) {
      const error = (() => {
        try {
          readListQuery(`http://herald.test/api/v1/communications?${query}`);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error, query).toBeInstanceOf(HeraldError);
      expect(error).toMatchObject({ status: 400, code: "invalid_query", message: expect.stringContaining(name) });
    }
  });

  it("lists may also repeat the parameter; limit and sort reach the query", () => {
    const params = readListQuery("http://herald.test/api/v1/communications?channel=email&channel=sms,post&sort=oldest&limit=7");
    expect(params).toMatchObject({ filters: { channels: ["email", "sms", "post"] }, direction: "asc", limit: 7, cursor: undefined });
  });
});
