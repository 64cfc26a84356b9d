import { z } from "zod";
import { API_ERRORS, type ApiErrorCode, apiErrorResponseOf } from "./errors";
import { AUTH_ERRORS, type Operation, operations } from "./operations";
import {
  attemptResponse,
  bulkSendResponse,
  communicationDetailResponse,
  communicationListResponse,
  communicationResponse,
  providerEventResponse,
} from "./responses";
import { bulkSendBody, createCommunicationBody, resendBody } from "./schemas";

// The platform API's OpenAPI 3.1 document, generated from the zod schemas the routes
// validate with and answer by (operations.ts). zod writes JSON Schema 2020-12, the
// dialect OpenAPI 3.1 uses, so the schemas go in as they are. `npm run openapi` commits a
// copy (docs/openapi.json) and the typed test client; a test fails when they differ.

type JsonSchema = Record<string, unknown>;

// Requests are documented as clients send them (before defaults), answers as sent.
const REQUEST_COMPONENTS: [z.ZodType, string][] = [
  [createCommunicationBody, "CreateCommunicationRequest"],
  [resendBody, "ResendRequest"],
  [bulkSendBody, "BulkSendRequest"],
];
const RESPONSE_COMPONENTS: [z.ZodType, string][] = [
  [communicationResponse, "Communication"],
  [attemptResponse, "Attempt"],
  [providerEventResponse, "ProviderEvent"],
  [communicationDetailResponse, "CommunicationDetail"],
  [communicationListResponse, "CommunicationList"],
  [bulkSendResponse, "BulkSend"],
];
const COMPONENT_IDS = new Map([...REQUEST_COMPONENTS, ...RESPONSE_COMPONENTS]);

// zod spells out the regex behind every `format` (uuid, date, date-time…); the format
// names the standard, and the regexes would triple the document's size.
const dropFormatPatterns = ({ jsonSchema }: { jsonSchema: JsonSchema }) => {
  if (jsonSchema.format) delete jsonSchema.pattern;
};

const ref = (schema: z.ZodType) => {
  const id = COMPONENT_IDS.get(schema);
  if (!id) throw new Error("A schema used by an operation is not listed as a component in lib/platform-api/openapi.ts");
  return { $ref: `#/components/schemas/${id}` };
};

function components(entries: [z.ZodType, string][], io: "input" | "output"): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of entries) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, override: dropFormatPatterns });
  // Components carry no $schema/$id of their own: the document's dialect applies.
  for (const schema of Object.values(schemas) as JsonSchema[]) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas as Record<string, JsonSchema>;
}

function inline(schema: z.ZodType): JsonSchema {
  const json = z.toJSONSchema(schema, { io: "output", override: dropFormatPatterns }) as JsonSchema;
  delete json.$schema;
  return json;
}

function queryParameters(query: z.ZodObject) {
  const { properties = {}, required = [] } = z.toJSONSchema(query, { io: "input", override: dropFormatPatterns }) as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(properties).map(([name, { description, ...schema }]) => ({
    name,
    in: "query",
    required: required.includes(name),
    description,
    schema,
    ...(schema.type === "array" ? { style: "form", explode: false } : {}),
  }));
}

function errorResponses(codes: ApiErrorCode[]) {
  const byStatus = new Map<number, ApiErrorCode[]>();
  for (const code of codes) byStatus.set(API_ERRORS[code].status, [...(byStatus.get(API_ERRORS[code].status) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, statusCodes]) => [
      status,
      {
        description: statusCodes.map((code) => `\`${code}\`: ${API_ERRORS[code].description}`).join(" "),
        ...(status === 429
          ? {
              headers: { "Retry-After": { description: "Seconds until the key may send again.", schema: { type: "integer", minimum: 1 } } },
            }
          : {}),
        content: {
          "application/json": {
            schema: inline(apiErrorResponseOf(statusCodes as [ApiErrorCode, ...ApiErrorCode[]])),
            examples: Object.fromEntries(
              statusCodes.map((code) => [code, { value: { error: { code, message: API_ERRORS[code].description } } }]),
            ),
          },
        },
      },
    ]),
  );
}

function operationObject(operation: Operation) {
  const parameters = [
    ...(operation.idParameter
      ? [{ name: "id", in: "path", required: true, description: operation.idParameter, schema: { type: "string", format: "uuid" } }]
      : []),
    ...(operation.idempotencyKey
      ? [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description: "Same key and body → the same communication (200, replayed); same key, other body → 409.",
            schema: { type: "string", maxLength: 255 },
          },
        ]
      : []),
    ...(operation.query ? queryParameters(operation.query) : []),
  ];
  const json = (schema: z.ZodType, example: unknown) => ({
    "application/json": { schema: ref(schema), ...(example === undefined ? {} : { example }) },
  });
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `Needs an API key with the \`${operation.scope}\` scope.`,
    security: [{ apiKey: [] }],
    ...(parameters.length ? { parameters } : {}),
    ...(operation.body
      ? { requestBody: { required: operation.body.required, content: json(operation.body.schema, operation.body.example) } }
      : {}),
    responses: {
      ...Object.fromEntries(
        Object.entries(operation.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.headers
              ? {
                  headers: Object.fromEntries(
                    Object.entries(response.headers).map(([name, description]) => [name, { description, schema: { type: "string" } }]),
                  ),
                }
              : {}),
            content: json(response.schema, response.example),
          },
        ]),
      ),
      ...errorResponses([...AUTH_ERRORS, ...operation.errors]),
    },
  };
}

export function buildOpenApiDocument() {
  const paths: Record<string, Record<string, ReturnType<typeof operationObject>>> = {};
  for (const operation of operations) paths[operation.path] = { ...paths[operation.path], [operation.method]: operationObject(operation) };
  return {
    openapi: "3.1.0",
    info: {
      title: "Herald platform API",
      version: "1.0.0",
      description:
        "Send customer communications through Herald and follow their status. Authenticate with `Authorization: Bearer <API key>`. Every error answers `{ error: { code, message } }`; each operation lists, per status, the codes it may answer. Bodies are JSON (`Content-Type: application/json`, UTF-8) and no string may contain the NUL character. Each API key may make HERALD_API_RATE_LIMIT requests per window (by default 600 a minute); beyond that Herald answers 429 with Retry-After.",
    },
    servers: [{ url: "/", description: "The Herald installation serving this document (GET /api/v1/openapi.json names its own origin)" }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A Herald API key (scopes: send, read)" } },
      schemas: { ...components(REQUEST_COMPONENTS, "input"), ...components(RESPONSE_COMPONENTS, "output") },
    },
    paths,
  };
}
