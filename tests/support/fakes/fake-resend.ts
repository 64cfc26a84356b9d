import { type FakeHttpServer, readFixture, startFakeHttpServer } from "./http-fake";

// Resend's POST /emails: bearer API key, JSON body, Idempotency-Key header. Answers with the
// documented send response (tests/fixtures/providers/resend/api/send-email.response.json) and
// Resend's error envelope { statusCode, name, message } otherwise.

export const FAKE_RESEND_KEY = "re_test_123";
export const resendSendResponse = readFixture<{ id: string }>("resend/api/send-email.response.json");

export function startFakeResend(): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => {
    if (request.method !== "POST" || request.path !== "/emails")
      return resendError(404, "not_found", "The requested endpoint does not exist.");
    if (request.headers.authorization !== `Bearer ${FAKE_RESEND_KEY}`) return resendError(403, "invalid_api_key", "API key is invalid");
    const body = JSON.parse(request.text) as { to?: unknown; from?: unknown; subject?: unknown };
    if (!body.from || !body.subject || !body.to)
      return resendError(422, "missing_required_field", "Missing `to`, `from` or `subject` field.");
    return { status: 200, json: resendSendResponse };
  });
}

export function resendError(status: number, name: string, message: string, headers?: Record<string, string>) {
  return { status, headers, json: { statusCode: status, name, message } };
}
