import { getDb, resolveDatabaseConfig } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-keys";
import { HeraldError, toErrorResponse } from "@/lib/errors";
import { createApiKeyInput, verifyLocalAdminToken } from "@/lib/auth/local-admin";

// POST /api/local/api-keys – `npm run api-key:create` while `npm start` serves the embedded
// database (which only one process may open): the CLI proves it can read the installation's
// data folder with a token derived from its seed, and the server creates the key.
export async function POST(request: Request) {
  try {
    if (resolveDatabaseConfig().driver !== "pglite") {
      throw new HeraldError(
        404,
        "not_embedded",
        "Only the embedded installation creates keys this way; run npm run api-key:create against DATABASE_URL",
      );
    }
    await verifyLocalAdminToken(request);
    const input = createApiKeyInput.safeParse(await request.json().catch(() => null));
    if (!input.success) throw new HeraldError(422, "invalid_request", "Send { name, scopes } — scopes from send, read");
    const { key, secret } = await createApiKey(await getDb(), { ...input.data, createdBy: "npm run api-key:create", actorType: "system" });
    return Response.json({ key, secret }, { status: 201 });
  } catch (error) {
    return toErrorResponse(error);
  }
}
