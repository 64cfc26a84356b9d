import { z } from "zod";
import { getDb } from "@/db/client";
import { authorizeStaffRequest } from "@/lib/auth/staff-session";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { getTrackingHealth } from "@/lib/tracking-health";
import { configuredWebhookProviders } from "@/lib/webhooks/verify";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

// GET /api/tracking-health – per provider: last event received, attempts stuck waiting for
// feedback, unknown-message / unrecognised events (with the latest few), refused requests.
export async function GET(request: Request) {
  try {
    await authorizeStaffRequest(request, "viewer");
    const query = querySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!query.success)
      throw new HeraldError(400, "invalid_query", `limit must be a whole number from 1 to 200 (${z.prettifyError(query.error)})`);
    return Response.json(
      await getTrackingHealth(await getDb(), {
        now: new Date(),
        unresolvedLimit: query.data.limit,
        configuredProviders: configuredWebhookProviders(),
      }),
    );
  } catch (error) {
    return toErrorResponse(error);
  }
}
