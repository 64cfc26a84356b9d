import type { z } from "zod";
import type { ApiKeyScope } from "@/lib/auth/api-keys";
import type { ApiErrorCode } from "./errors";
import { STATUS } from "@/lib/status";
import { listCommunicationsQuery } from "./list-query";
import {
  bulkSendResponse,
  communicationDetailResponse,
  communicationListResponse,
  communicationResponse,
  attemptResponse,
} from "./responses";
import { bulkSendBody, createCommunicationBody, resendBody } from "./schemas";

// The platform API's operations: what each route under app/api/v1 accepts and answers.
// openapi.ts turns this table into the OpenAPI document; the API tests look up each
// answer's schema here by method, path and status (tests/support/platform-api-client.ts).

export type Operation = {
  method: "get" | "post";
  path: `/api/v1/${string}`;
  operationId: string;
  summary: string;
  scope: ApiKeyScope;
  idParameter?: string;
  idempotencyKey?: true;
  query?: z.ZodObject;
  body?: { schema: z.ZodType; required: boolean; example?: unknown };
  responses: Partial<Record<200 | 202, { description: string; schema: z.ZodType; example?: unknown; headers?: Record<string, string> }>>;
  /** Beyond the authentication errors and internal_error, which every operation may answer. */
  errors: ApiErrorCode[];
};

export const AUTH_ERRORS: ApiErrorCode[] = [
  "api_key_missing",
  "api_key_malformed",
  "api_key_unknown",
  "api_key_revoked",
  "api_key_scope",
  "rate_limited",
  "internal_error",
];
const BODY_ERRORS: ApiErrorCode[] = ["unsupported_media_type", "invalid_json", "payload_too_large", "invalid_request"];

const ID = "00000000-0000-4000-8000-000000000001";
const STATUS_PATH = "Path of the communication's status.";

const communicationExample: z.infer<typeof communicationResponse> = {
  id: ID,
  subject: { type: "invoice", reference: "INV-2026-0042" },
  customer: { id: "00000000-0000-4000-8000-000000000002", name: "Acme SARL" },
  category: "invoice",
  status: STATUS.queued,
  statusLabel: null,
  channel: null,
  lastError: null,
  attemptCount: 0,
  ignoredAt: null,
  lastActivityAt: "2026-11-01T09:00:00.000Z",
  statusUrl: `https://herald.example/api/v1/communications/${ID}`,
};

const createCommunicationExample = {
  subject: { type: "invoice", reference: "INV-2026-0042" },
  customer: { reference: "CUST-0042", name: "Acme SARL", locale: "fr", email: "billing@acme.example", mobile: "+33 6 12 34 56 78" },
  category: "invoice",
  templateData: { invoiceNumber: "INV-2026-0042", amountCents: 123456, currency: "EUR", issueDate: "2026-11-01", dueDate: "2026-11-30" },
} satisfies z.input<typeof createCommunicationBody>;

export const operations: Operation[] = [
  {
    method: "post",
    path: "/api/v1/communications",
    operationId: "createCommunication",
    summary: "Create a communication and queue it for sending",
    scope: "send",
    idempotencyKey: true,
    body: { schema: createCommunicationBody, required: true, example: createCommunicationExample },
    responses: {
      202: {
        description: "Created and queued; follow `statusUrl`.",
        schema: communicationResponse,
        example: communicationExample,
        headers: { Location: STATUS_PATH },
      },
      200: {
        description: "Replay of an earlier request with the same Idempotency-Key.",
        schema: communicationResponse,
        headers: { Location: STATUS_PATH, "Idempotent-Replayed": "`true`: nothing was created or sent again." },
      },
    },
    errors: [
      ...BODY_ERRORS,
      "invalid_idempotency_key",
      "idempotency_key_reused",
      "unknown_customer",
      "invalid_template_data",
      "template_not_found",
    ],
  },
  {
    method: "get",
    path: "/api/v1/communications",
    operationId: "listCommunications",
    summary:
      "List communications with the Communications page's filters (keyset-paginated). `q` finds references, e-mail addresses and phone numbers exactly or by prefix; only when nothing matches does it rank the closest names.",
    scope: "read",
    query: listCommunicationsQuery,
    responses: {
      200: {
        description: "One page of communications.",
        schema: communicationListResponse,
        example: { data: [communicationExample], total: 1, nextCursor: null },
      },
    },
    errors: ["invalid_query"],
  },
  {
    method: "get",
    path: "/api/v1/communications/{id}",
    operationId: "getCommunication",
    summary: "A communication's status and all its attempts, with the provider events received",
    scope: "read",
    idParameter: "The communication's id",
    responses: { 200: { description: "The communication.", schema: communicationDetailResponse } },
    errors: ["communication_not_found"],
  },
  {
    method: "post",
    path: "/api/v1/communications/{id}/resend",
    operationId: "resendCommunication",
    summary: "Resend: a new attempt with the same content, to the customer's current contact details",
    scope: "send",
    idParameter: "The communication's id",
    body: { schema: resendBody, required: false, example: {} },
    responses: { 202: { description: "The new attempt.", schema: attemptResponse } },
    errors: [
      ...BODY_ERRORS,
      "communication_not_found",
      "attempt_not_found",
      "nothing_to_resend",
      "no_channel",
      "channel_unavailable",
      "attempt_moved",
    ],
  },
  {
    method: "post",
    path: "/api/v1/bulk-sends",
    operationId: "createBulkSend",
    summary: "Send (or resend) many communications; follow the progress at the Location header",
    scope: "send",
    body: { schema: bulkSendBody, required: true, example: { communicationIds: [ID] } },
    responses: {
      202: { description: "The bulk send, queued.", schema: bulkSendResponse, headers: { Location: "Path of the bulk send's progress." } },
    },
    errors: BODY_ERRORS,
  },
  {
    method: "get",
    path: "/api/v1/bulk-sends/{id}",
    operationId: "getBulkSend",
    summary: "A bulk send's progress",
    scope: "read",
    idParameter: "The bulk send's id",
    responses: { 200: { description: "Its progress.", schema: bulkSendResponse } },
    errors: ["bulk_send_not_found"],
  },
];
