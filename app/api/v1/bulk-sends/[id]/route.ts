import { getDb } from "@/db/client";
import { getBulkJob } from "@/db/queries/bulk-jobs";
import { authenticateApiKey } from "@/lib/auth/api-keys";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { presentBulkJob } from "@/lib/platform-api/present";
import { parseIdParam } from "@/lib/platform-api/schemas";

// GET /api/v1/bulk-sends/{id} – a bulk send's progress.
export async function GET(request: Request, { params }: RouteContext<"/api/v1/bulk-sends/[id]">) {
  try {
    await authenticateApiKey(request, "read");
    const id = parseIdParam((await params).id, "bulk send");
    const job = await getBulkJob(await getDb(), { id });
    if (!job) throw new HeraldError(404, "bulk_send_not_found", `Bulk send ${id} does not exist`);
    return Response.json(presentBulkJob(job));
  } catch (error) {
    return toErrorResponse(error);
  }
}
