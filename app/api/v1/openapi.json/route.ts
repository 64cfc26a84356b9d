import { authenticateApiKey } from "@/lib/auth/api-keys";
import { readEnv } from "@/lib/env";
import { toErrorResponse } from "@/lib/errors";
import { buildOpenApiDocument } from "@/lib/platform-api/openapi";
import { apiBaseUrl } from "@/lib/platform-api/present";

// GET /api/v1/openapi.json – the platform API's OpenAPI document, for holders of an API key;
// the committed copy (docs/openapi.json) is the same document with a relative server.
export async function GET(request: Request) {
  try {
    await authenticateApiKey(request, "read");
    return Response.json({ ...buildOpenApiDocument(), servers: [{ url: apiBaseUrl(request, readEnv().HERALD_PUBLIC_URL) }] });
  } catch (error) {
    return toErrorResponse(error);
  }
}
