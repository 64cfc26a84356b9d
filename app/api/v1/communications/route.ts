import { getDb } from "@/db/client";
import { countCommunications, listCommunications } from "@/db/queries/communications";
import { resolveFilters } from "@/db/queries/filters";
import { publishOutbox } from "@/inngest/outbox";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { encodeCursor } from "@/lib/cursor";
import { readEnv } from "@/lib/env";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { createCommunication } from "@/lib/platform-api/create-communication";
import { apiBaseUrl, presentCommunication } from "@/lib/platform-api/present";
import { readJsonBody } from "@/lib/platform-api/read-body";
import { readListQuery } from "@/lib/platform-api/list-query";
import type { CommunicationListResponse } from "@/lib/platform-api/responses";
import { createCommunicationBody } from "@/lib/platform-api/schemas";

// POST /api/v1/communications – create a communication and queue it for sending (202).
export async function POST(request: Request) {
  try {
    await authenticateApiKey(request, "send");
    const idempotencyKey = request.headers.get("idempotency-key")?.trim() || undefined;
    if (idempotencyKey && idempotencyKey.length > 255)
      throw new HeraldError(400, "invalid_idempotency_key", "Idempotency-Key is longer than 255 characters");
    const body = await readJsonBody(request, createCommunicationBody);
    const { communication, created } = await createCommunication(await getDb(), body, { idempotencyKey });
    // Its planning job was committed with it; a replay publishes whatever is still waiting.
    await publishOutbox();
    return Response.json(presentCommunication(communication, apiBaseUrl(request, readEnv().HERALD_PUBLIC_URL)), {
      status: created ? 202 : 200,
      headers: { location: `/api/v1/communications/${communication.id}`, ...(created ? {} : { "idempotent-replayed": "true" }) },
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}

// GET /api/v1/communications – the Communication tab's rows, with the page's filters under the API's own parameter names
// (lib/platform-api/list-query.ts), keyset-paginated; `total` counts every row the filters match, as the page header does.
export async function GET(request: Request) {
  try {
    await authenticateApiKey(request, "read");
    const query = readListQuery(request.url);
    const db = await getDb();
    // The search text is probed (and a ranked search ranked) once, for the rows and their total alike (as the page does).
    const filters = await resolveFilters(db, query.filters, "overview");
    const [page, total] = await Promise.all([listCommunications(db, { ...query, filters }), countCommunications(db, filters)]);
    const baseUrl = apiBaseUrl(request, readEnv().HERALD_PUBLIC_URL);
    return Response.json({
      data: page.rows.map((row) => presentCommunication(row, baseUrl)),
      total,
      nextCursor: page.nextCursor ? encodeCursor(page.nextCursor) : null,
    } satisfies CommunicationListResponse);
  } catch (error) {
    return toErrorResponse(error);
  }
}
