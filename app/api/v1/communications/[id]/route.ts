import { getDb } from "@/db/client";
import { getCommunicationDetail } from "@/db/queries/communications";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { readEnv } from "@/lib/env";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { apiBaseUrl, presentAttempt, presentCommunication } from "@/lib/platform-api/present";
import { parseIdParam } from "@/lib/platform-api/schemas";

// GET /api/v1/communications/{id} – status of a communication and all its attempts, with the provider events received.
export async function GET(request: Request, { params }: RouteContext<"/api/v1/communications/[id]">) {
  try {
    await authenticateApiKey(request, "read");
    const id = parseIdParam((await params).id, "communication");
    const detail = await getCommunicationDetail(await getDb(), { id });
    if (!detail) throw new HeraldError(404, "communication_not_found", `Communication ${id} does not exist`);
    return Response.json({
      ...presentCommunication(detail.communication, apiBaseUrl(request, readEnv().HERALD_PUBLIC_URL)),
      attempts: detail.attempts.map((attempt) => ({
        ...presentAttempt(attempt),
        events: detail.events
          .filter((event) => event.attemptId === attempt.id)
          .map((event) => ({ type: event.eventType, status: event.mappedStatus, outcome: event.outcome, occurredAt: event.occurredAt?.toISOString() ?? null, receivedAt: event.receivedAt.toISOString() })),
      })),
    });
  } catch (error) {
    return toErrorResponse(error);
  }
}
