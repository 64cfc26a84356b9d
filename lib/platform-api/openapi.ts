import { z } from "zod";
import { bulkSendBody, createCommunicationBody, resendBody } from "./schemas";

// The platform API's OpenAPI 3.1 document, generated from the same zod schemas the routes
// validate with (zod's own JSON Schema output, which OpenAPI 3.1 accepts as is).

const schema = (type: z.ZodType) => z.toJSONSchema(type, { io: "input", target: "draft-2020-12" });

const errorResponse = (description: string) => ({
  description,
  content: {
    "application/json": {
      schema: {
        type: "object",
        properties: { error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } }, required: ["code", "message"] } },
      },
    },
  },
});

const security = [{ apiKey: [] }];
const errors = { 401: errorResponse("Missing, unknown or revoked API key"), 403: errorResponse("The key lacks the scope") };
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };

export function buildOpenApiDocument(serverUrl: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Herald platform API",
      version: "1.0.0",
      description: "Send customer communications through Herald and follow their status. Authenticate with `Authorization: Bearer <API key>`.",
    },
    servers: [{ url: serverUrl }],
    components: { securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "A Herald API key (scopes: send, read)" } } },
    paths: {
      "/api/v1/communications": {
        post: {
          summary: "Create a communication and queue it for sending",
          security,
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 255 }, description: "Same key + same body → the same communication; same key + different body → 409." }],
          requestBody: { required: true, content: { "application/json": { schema: schema(createCommunicationBody) } } },
          responses: {
            202: { description: "Created and queued; follow `statusUrl`" },
            200: { description: "Replay of an earlier request with the same Idempotency-Key" },
            409: errorResponse("Idempotency-Key reused with a different body"),
            413: errorResponse("Body too large"),
            422: errorResponse("Invalid body, or unknown customer"),
            ...errors,
          },
        },
        get: {
          summary: "List communications with the Communications page's filters (keyset-paginated)",
          security,
          parameters: ["q", "quick", "channel", "category", "status", "from", "to", "customer", "location", "ignored", "sort", "cursor", "limit"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
          responses: { 200: { description: "`{ data, total, nextCursor }` — `total`: every row the filters match; `q` finds references, e-mails and phones exactly or by prefix, else ranks the closest names" }, ...errors },
        },
      },
      "/api/v1/communications/{id}": {
        get: { summary: "A communication's status and all its attempts", security, parameters: [idParameter], responses: { 200: { description: "The communication" }, 404: errorResponse("Unknown id"), ...errors } },
      },
      "/api/v1/communications/{id}/resend": {
        post: {
          summary: "Resend: the same content to the customer's current contact details",
          security,
          parameters: [idParameter],
          requestBody: { required: false, content: { "application/json": { schema: schema(resendBody) } } },
          responses: { 202: { description: "The new attempt" }, 404: errorResponse("Unknown id"), 409: errorResponse("The channel is opted out or has no usable contact"), ...errors },
        },
      },
      "/api/v1/bulk-sends": {
        post: {
          summary: "Send (or resend) many communications",
          security,
          requestBody: { required: true, content: { "application/json": { schema: schema(bulkSendBody) } } },
          responses: { 202: { description: "The bulk send; follow its progress" }, 422: errorResponse("Invalid body"), ...errors },
        },
      },
      "/api/v1/bulk-sends/{id}": {
        get: { summary: "A bulk send's progress", security, parameters: [idParameter], responses: { 200: { description: "Progress" }, 404: errorResponse("Unknown id"), ...errors } },
      },
    },
  };
}
