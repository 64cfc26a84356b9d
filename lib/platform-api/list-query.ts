import { z } from "zod";
import type { ListCommunicationsParams } from "@/db/queries/communications";
import { decodeCursor } from "@/lib/cursor";
import { HeraldError } from "@/lib/errors";
import { text } from "@/lib/safe-text";
import { communicationFilterFields as filter, sortField, toFilters } from "@/lib/filters/communication-filters";

// GET /api/v1/communications' query parameters. The names on the left are the API's
// contract, written here and nowhere else: the value schemas come from the shared filter
// definition, but the staff page's URL keys do not reach the API, so renaming a page
// parameter cannot rename an API one.
export const listCommunicationsQuery = z.strictObject({
  q: filter.search.schema.describe("Search invoice number, customer name, e-mail or phone (typos tolerated)."),
  quick: filter.quick.schema.describe("failed, not_sent or completed: the statuses the page's quick filters stand for."),
  channel: filter.channels.schema.describe("Only these channels of the latest attempt."),
  category: filter.categories.schema.describe("Only these categories."),
  status: filter.statuses.schema.describe("Only these statuses (intersected with `quick`)."),
  from: filter.from.schema.describe("Last activity on or after this day (UTC)."),
  to: filter.to.schema.describe("Last activity on or before this day (UTC)."),
  customer: filter.customer.schema.describe("Only this customer's communications (Herald customer id)."),
  location: filter.location.schema.describe("Only customers of this location group."),
  ignored: filter.ignored.schema.describe("Include communications staff marked as ignored (default false)."),
  sort: sortField.schema.describe("By last activity."),
  cursor: text().max(200).optional().describe("`nextCursor` of the previous page."),
  limit: z.coerce.number().int().min(1).max(200).default(50).describe("Rows per page."),
});

// Lists travel comma-separated (`channel=email,sms`, OpenAPI style form, explode false);
// repeating the parameter works too. A parameter is a list when its JSON Schema says so,
// the same test openapi.ts uses to document it that way.
const { properties } = z.toJSONSchema(listCommunicationsQuery, { io: "input" }) as { properties: Record<string, { type?: string }> };
const LIST_PARAMETERS = new Set(Object.keys(properties).filter((name) => properties[name]!.type === "array"));

/** Reads the query string into list parameters; a value outside its schema is a 400 naming it. */
export function readListQuery(url: string): ListCommunicationsParams {
  const searchParams = new URL(url).searchParams;
  const raw: Record<string, string | string[]> = {};
  for (const name of new Set(searchParams.keys())) {
    const values = searchParams.getAll(name);
    raw[name] = LIST_PARAMETERS.has(name) ? values.flatMap((value) => value.split(",").filter(Boolean)) : values.at(-1)!;
  }
  const parsed = listCommunicationsQuery.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "query"}: ${issue.message}`);
    throw new HeraldError(400, "invalid_query", `The query string is not valid — ${issues.join("; ")}`);
  }
  const query = parsed.data;
  const cursor = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  if (cursor === null)
    throw new HeraldError(400, "invalid_query", "cursor: not a cursor Herald issued — pass `nextCursor` of the previous page as is");
  const filters = toFilters({
    search: query.q,
    quick: query.quick,
    channels: query.channel,
    categories: query.category,
    statuses: query.status,
    from: query.from ?? null,
    to: query.to ?? null,
    customer: query.customer ?? null,
    location: query.location ?? null,
    ignored: query.ignored,
  });
  return { filters, limit: query.limit, direction: query.sort === "oldest" ? "asc" : "desc", cursor };
}
