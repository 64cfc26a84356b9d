import * as bulkSend from "@/app/api/v1/bulk-sends/[id]/route";
import * as bulkSends from "@/app/api/v1/bulk-sends/route";
import * as resend from "@/app/api/v1/communications/[id]/resend/route";
import * as communication from "@/app/api/v1/communications/[id]/route";
import * as communications from "@/app/api/v1/communications/route";
import * as openapi from "@/app/api/v1/openapi.json/route";

// A fetch that answers from the platform API's route handlers in this process, as Next
// would route them, so integration tests run the typed client without a server.

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: [RegExp, Record<string, unknown>][] = [
  [/^\/api\/v1\/communications$/, communications],
  [/^\/api\/v1\/communications\/(?<id>[^/]+)$/, communication],
  [/^\/api\/v1\/communications\/(?<id>[^/]+)\/resend$/, resend],
  [/^\/api\/v1\/bulk-sends$/, bulkSends],
  [/^\/api\/v1\/bulk-sends\/(?<id>[^/]+)$/, bulkSend],
  [/^\/api\/v1\/openapi\.json$/, openapi],
];

export async function routeFetch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  for (const [pattern, handlers] of ROUTES) {
    const match = pattern.exec(pathname);
    const handler = match ? (handlers[request.method] as Handler | undefined) : undefined;
    if (match && handler) return handler(request, { params: Promise.resolve({ ...match.groups }) });
  }
  throw new Error(`No platform API route answers ${request.method} ${pathname}`);
}
