import { getDb } from "@/db/client";
import { estimateDownload } from "@/db/queries/downloads";
import { assertZipWithinLimit } from "@/lib/documents/download-limits";
import { streamProofZip } from "@/lib/documents/proof-zip";
import { authorizeStaffRequest } from "@/lib/auth/staff-session";
import type { Staff } from "@/lib/auth/staff-session";
import { downloadErrorResponse, downloadFilename, parseDownloadRequest } from "../download-request";

export const dynamic = "force-dynamic";

// GET /api/downloads/zip – the documents and rendered messages of the current view (or
// the `ids` selected in it) with manifest.csv/json, SHA256SUMS and a README, streamed.
// Size is estimated first: an oversized download is refused with 413 before any byte.
export async function GET(request: Request) {
  let staff: Staff | null = null;
  try {
    staff = await authorizeStaffRequest(request, "viewer");
    const scope = parseDownloadRequest(request);
    const db = await getDb();
    const estimate = await estimateDownload(db, scope);
    assertZipWithinLimit(estimate);
    return new Response(streamProofZip(db, scope), {
      headers: {
        "content-type": "application/zip",
        "content-disposition": `attachment; filename="${downloadFilename(scope.tab, "zip")}"`,
        "cache-control": "no-store",
        "x-herald-estimated-bytes": String(Math.round(estimate.bytes)),
        "x-herald-attempts": String(estimate.attempts),
      },
    });
  } catch (error) {
    return downloadErrorResponse(error, request, staff);
  }
}
