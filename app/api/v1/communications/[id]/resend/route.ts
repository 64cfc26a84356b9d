import { getCommunication } from "@/db/queries/communications";
import { publishOutbox } from "@/inngest/outbox";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { presentAttempt } from "@/lib/platform-api/present";
import { readJsonBody } from "@/lib/platform-api/read-body";
import { parseIdParam, resendBody } from "@/lib/platform-api/schemas";
import { getLatestAttemptId } from "@/db/queries/sending-reads";
import { resendAttempt } from "@/lib/sending/resend-attempt";
import { getSendingDeps } from "@/lib/sending/runtime";

// POST /api/v1/communications/{id}/resend – a new attempt with the same content, to the customer's current contact details.
export async function POST(request: Request, { params }: RouteContext<"/api/v1/communications/[id]/resend">) {
  try {
    const key = await authenticateApiKey(request, "send");
    const id = parseIdParam((await params).id, "communication");
    const body = request.headers.get("content-length") === "0" ? {} : await readJsonBody(request, resendBody);
    const deps = await getSendingDeps();
    const communication = await getCommunication(deps.db, { id });
    if (!communication) throw new HeraldError(404, "communication_not_found", `Communication ${id} does not exist`);
    const attemptId = body.attemptId ?? (await getLatestAttemptId(deps.db, { communicationId: id }));
    if (!attemptId)
      throw new HeraldError(
        409,
        "nothing_to_resend",
        "This communication has no attempt yet — it is still being planned; try again in a moment",
      );
    const resent = await resendAttempt(deps, { attemptId, createdBy: `API key ${key.prefix}… (${key.name})`, communicationId: id });
    await publishOutbox();
    return Response.json(presentAttempt(resent), { status: 202 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
