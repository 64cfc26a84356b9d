import { getDb } from "@/db/client";
import { insertBulkJob } from "@/db/queries/bulk-jobs";
import { publishOutbox } from "@/inngest/outbox";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { toErrorResponse } from "@/lib/errors";
import { presentBulkJob } from "@/lib/platform-api/present";
import { readJsonBody } from "@/lib/platform-api/read-body";
import { bulkSendBody } from "@/lib/platform-api/schemas";

// POST /api/v1/bulk-sends – send (or resend) many communications; follow the progress at the returned URL.
export async function POST(request: Request) {
  try {
    const key = await authenticateApiKey(request, "send");
    const body = await readJsonBody(request, bulkSendBody);
    const job = await insertBulkJob(await getDb(), {
      communicationIds: [...new Set(body.communicationIds)],
      createdBy: `API key ${key.prefix}… (${key.name})`,
    });
    await publishOutbox();
    return Response.json(presentBulkJob(job), { status: 202, headers: { location: `/api/v1/bulk-sends/${job.id}` } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
