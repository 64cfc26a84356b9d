import { getDb } from "@/db/client";
import { getLatestChange } from "@/db/queries/communications";
import { authorizeStaffRequest } from "@/lib/auth/staff-session";
import { toErrorResponse } from "@/lib/errors";

export const dynamic = "force-dynamic";

// GET /api/communications/changes – the latest write to any communication or attempt; the
// open Communications page polls it and refreshes when it moves.
export async function GET(request: Request) {
  try {
    await authorizeStaffRequest(request, "viewer");
    return Response.json({ version: await getLatestChange(await getDb()) }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return toErrorResponse(error);
  }
}
