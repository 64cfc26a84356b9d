import createClient, { type Middleware } from "openapi-fetch";
import { API_ERRORS, type ApiErrorCode, apiErrorResponse } from "@/lib/platform-api/errors";
import { AUTH_ERRORS, operations } from "@/lib/platform-api/operations";
import type { paths } from "./platform-api-types";

// The platform API as an integration sees it: openapi-fetch typed by the types generated
// from the OpenAPI document (`npm run openapi`), so a test that calls a path, parameter or
// field the contract does not have fails to compile. Every answer is also checked against
// the zod schema the document was generated from: an undocumented field, a missing
// documented header, a status the operation does not declare, or an error code it does
// not list throws in the test.

export type PlatformApi = ReturnType<typeof platformApiClient>;

/** `key: null` sends no API key. */
export function platformApiClient(key: string | null, options: { baseUrl: string; fetch?: (request: Request) => Promise<Response> }) {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    headers: key === null ? {} : { authorization: `Bearer ${key}` },
    // As documented: lists comma-separated (style form, explode false).
    querySerializer: { array: { style: "form", explode: false } },
  });
  client.use(contractCheck);
  return client;
}

const contractCheck: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    const operation = operations.find((candidate) => candidate.method === request.method.toLowerCase() && candidate.path === schemaPath);
    if (!operation) throw new Error(`${request.method} ${schemaPath} is not an operation of lib/platform-api/operations.ts`);
    const where = `${request.method} ${schemaPath} answered ${response.status}`;
    const body: unknown = await response.clone().json();
    const success = operation.responses[response.status as keyof typeof operation.responses];
    if (success) {
      const parsed = success.schema.safeParse(body);
      if (!parsed.success) throw new Error(`${where}, not its documented schema: ${parsed.error.message}`);
      const missing = Object.keys(success.headers ?? {}).filter((name) => !response.headers.has(name));
      if (missing.length) throw new Error(`${where} without its documented header(s) ${missing.join(", ")}`);
      return;
    }
    const error = apiErrorResponse.safeParse(body);
    if (!error.success)
      throw new Error(`${where} with neither a documented answer nor the error schema: ${error.error.message}\n${JSON.stringify(body)}`);
    const code: ApiErrorCode = error.data.error.code;
    if (![...AUTH_ERRORS, ...operation.errors].includes(code))
      throw new Error(`${where} with error code ${code}, which the operation does not list`);
    if (API_ERRORS[code].status !== response.status) throw new Error(`${where} with ${code}, documented as ${API_ERRORS[code].status}`);
  },
};
