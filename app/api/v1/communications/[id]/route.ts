import { getDb } from "@/db/client";
import { getCommunicationDetail } from "@/db/queries/communications";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { readEnv } from "@/lib/env";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { apiBaseUrl, presentCommunicationDetail } from "@/lib/platform-api/present";
import { parseIdParam } from "@/lib/platform-api/schemas";

// GET /api/v1/communications/{id} – status of a communication and all its attempts, with the provider events received.
export async function GET(request: Request, { params }: RouteContext<"/api/v1/communications/[id]">) {
  try {
    await authenticateApiKey(request, "read");
    const id = parseIdParam((await params).id, "communication");
    const detail = await getCommunicationDetail(await getDb(), { id });
    if (!detail) throw new HeraldError(404, "communication_not_found", `Communication ${id} does not exist`);
    return Response.json(presentCommunicationDetail(detail, apiBaseUrl(request, readEnv().HERALD_PUBLIC_URL)));
  } catch (error) {
    return toErrorResponse(error);
  }
}
