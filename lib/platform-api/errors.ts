import { z } from "zod";

// Every error code the platform API (app/api/v1) answers, with its HTTP status. The codes
// are thrown as HeraldError (lib/errors.ts) by the routes and the libraries they call
// (lib/auth/api-keys.ts, read-body.ts, create-communication.ts, lib/templates/render.ts,
// lib/sending/resend-attempt.ts); integrations switch on them, so they are part of the
// contract: the OpenAPI document lists them per operation, and the API tests fail on a
// code that is not listed here.
export const API_ERRORS = {
  api_key_missing: { status: 401, description: "No API key in `Authorization: Bearer <key>` (or `x-api-key`)." },
  api_key_malformed: { status: 401, description: "The key is not a whole Herald API key (`hld_…`, 47 characters)." },
  api_key_unknown: { status: 401, description: "The key is not known to Herald." },
  api_key_revoked: { status: 401, description: "The key was revoked." },
  api_key_scope: { status: 403, description: "The key lacks the scope this request needs (`send` or `read`)." },
  rate_limited: {
    status: 429,
    description: "The API key made more requests than HERALD_API_RATE_LIMIT allows; retry after the seconds in the Retry-After header.",
  },
  invalid_json: { status: 400, description: "The body is not JSON." },
  invalid_query: { status: 400, description: "A query parameter has a value outside its schema." },
  invalid_idempotency_key: { status: 400, description: "Idempotency-Key is longer than 255 characters." },
  unsupported_media_type: { status: 415, description: "The Content-Type is not JSON; send `Content-Type: application/json`." },
  payload_too_large: { status: 413, description: "The body is larger than 10 MB." },
  invalid_request: { status: 422, description: "The body does not match its schema; the message names each field." },
  unknown_customer: { status: 422, description: "No customer has this reference; send it inline to create it." },
  invalid_template_data: { status: 422, description: "templateData does not fit the category's template." },
  template_not_found: { status: 422, description: "There is no template for this category on the requested channel." },
  idempotency_key_reused: { status: 409, description: "The Idempotency-Key was used for a different body." },
  nothing_to_resend: { status: 409, description: "The communication has no attempt yet (still being planned)." },
  no_channel: { status: 409, description: "The attempt has no channel to send on (manual)." },
  channel_unavailable: { status: 409, description: "The channel is opted out or has no usable contact." },
  attempt_moved: { status: 409, description: "The attempt was moved to another provider; its failover attempt carries the message." },
  communication_not_found: { status: 404, description: "No communication has this id." },
  attempt_not_found: { status: 404, description: "No attempt of this communication has this id." },
  bulk_send_not_found: { status: 404, description: "No bulk send has this id." },
  internal_error: { status: 500, description: "Herald failed; the error was logged. Retry later." },
} as const satisfies Record<string, { status: number; description: string }>;

export type ApiErrorCode = keyof typeof API_ERRORS;

/** The one shape of every error answer; `codes` narrows it to those one answer may carry. */
export function apiErrorResponseOf(codes: readonly [ApiErrorCode, ...ApiErrorCode[]]) {
  return z.strictObject({
    error: z.strictObject({
      code: z.enum(codes),
      message: z.string().min(1).describe("What went wrong and what to do, for a person."),
    }),
  });
}

export const apiErrorResponse = apiErrorResponseOf(Object.keys(API_ERRORS) as [ApiErrorCode, ...ApiErrorCode[]]);
