import { getDb } from "@/db/client";
import { estimateDownload } from "@/db/queries/downloads";
import { streamCsvExport } from "@/lib/documents/csv-export";
import { assertCsvWithinLimit } from "@/lib/documents/download-limits";
import { authorizeStaffRequest } from "@/lib/auth/staff-session";
import type { Staff } from "@/lib/auth/staff-session";
import { downloadErrorResponse, downloadFilename, parseDownloadRequest } from "../download-request";

export const dynamic = "force-dynamic";

// GET /api/downloads/csv – the current view of either tab (or the `ids` selected in it) as
// CSV: on-screen columns plus ids, UTF-8 with BOM, streamed page by page.
export async function GET(request: Request) {
  let staff: Staff | null = null;
  try {
    staff = await authorizeStaffRequest(request, "viewer");
    const scope = parseDownloadRequest(request);
    const db = await getDb();
    const { rows } = await estimateDownload(db, scope);
    assertCsvWithinLimit(rows);
    return new Response(streamCsvExport(db, scope), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${downloadFilename(scope.tab, "csv")}"`,
        "cache-control": "no-store",
        "x-herald-rows": String(rows),
      },
    });
  } catch (error) {
    return downloadErrorResponse(error, request, staff);
  }
}
