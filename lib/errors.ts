import { loggableError } from "./log-safety";

// The one error type route handlers turn into HTTP: status, a stable machine code and a
// message a person can act on ("…check RESEND_WEBHOOK_SECRET"). Anything else is a bug or
// an outage and answers 500 without leaking internals.

export class HeraldError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HeraldError";
  }

  toResponse(): Response {
    return Response.json({ error: { code: this.code, message: this.message } }, { status: this.status, headers: this.headers });
  }
}

export function toErrorResponse(error: unknown): Response {
  if (error instanceof HeraldError) return error.toResponse();
  // Never a failed query's parameters: they hold customer data (lib/log-safety.ts).
  console.error(loggableError(error));
  return new HeraldError(500, "internal_error", "Herald could not process the request; it was logged — retry later").toResponse();
}
