import { z } from "zod";
import { HeraldError } from "@/lib/errors";
import { sandboxSecrets } from "@/lib/webhooks/sandbox-secrets";
import { timingSafeEqual } from "@/lib/webhooks/signatures/encoding";
import { API_KEY_SCOPES } from "./api-keys";

// Local administration of the embedded installation from the command line. The token is
// derived from the installation seed beside the data folder: whoever can read that folder
// owns the installation anyway; nobody else can compute it.

export const createApiKeyInput = z.object({
  name: z.string().trim().min(2).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
});

export async function localAdminToken(): Promise<string> {
  return (await sandboxSecrets()).localAdminToken;
}

export async function verifyLocalAdminToken(request: Request): Promise<void> {
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (!given || !timingSafeEqual(given, await localAdminToken())) {
    throw new HeraldError(401, "local_admin_token", "This endpoint is for `npm run api-key:create` on the machine that runs Herald");
  }
}
