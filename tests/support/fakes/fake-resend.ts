import { type FakeHttpServer, readFixture, startFakeHttpServer } from "./http-fake";

// Resend's POST /emails: bearer API key, JSON body, Idempotency-Key header. Answers with the
// documented send response (tests/fixtures/providers/resend/api/send-email.response.json) and
// Resend's error envelope { statusCode, name, message } otherwise.
// GET /emails/{id} (Retrieve Sent Email) answers the e-mail resource for the ids in
// `lastEvents`, with that `last_event`; no verbatim example is stored, so its fields follow
// the docs page (resend.com/docs/api-reference/emails/retrieve-email) and the SDK's
// GetEmailResponseSuccess type (resend 6.38). Unknown ids get Resend's 404 not_found.

export const FAKE_RESEND_KEY = "re_test_123";
export const resendSendResponse = readFixture<{ id: string }>("resend/api/send-email.response.json");

export type FakeResend = FakeHttpServer & {
  /** last_event per e-mail id, as GET /emails/{id} reports it. */
  lastEvents: Map<string, string>;
};

/** `ids`: the id each send answers (default: the documented example's, every time). */
export async function startFakeResend(options: { ids?: () => string } = {}): Promise<FakeResend> {
  const lastEvents = new Map<string, string>();
  const server = await startFakeHttpServer((request) => {
    if (request.headers.authorization !== `Bearer ${FAKE_RESEND_KEY}`) return resendError(403, "invalid_api_key", "API key is invalid");
    const get = /^\/emails\/([^/?]+)$/.exec(request.path);
    if (request.method === "GET" && get) {
      const id = decodeURIComponent(get[1]!);
      const lastEvent = lastEvents.get(id);
      if (!lastEvent) return resendError(404, "not_found", "Email not found");
      return { status: 200, json: resendEmail(id, lastEvent) };
    }
    if (request.method !== "POST" || request.path !== "/emails")
      return resendError(404, "not_found", "The requested endpoint does not exist.");
    const body = JSON.parse(request.text) as { to?: unknown; from?: unknown; subject?: unknown };
    if (!body.from || !body.subject || !body.to)
      return resendError(422, "missing_required_field", "Missing `to`, `from` or `subject` field.");
    return { status: 200, json: options.ids ? { ...resendSendResponse, id: options.ids() } : resendSendResponse };
  });
  return { ...server, lastEvents };
}

export function resendEmail(id: string, lastEvent: string) {
  return {
    object: "email",
    id,
    to: ["customer@example.com"],
    from: "Helios Énergie SAS <factures@billing.helios-energie.example>",
    created_at: "2026-01-15 10:00:00.000000+00",
    subject: "Invoice INV-2026-0042",
    html: "<p>Please find your invoice attached.</p>",
    text: "Please find your invoice attached.",
    bcc: null,
    cc: null,
    reply_to: null,
    message_id: `<${id}@email.amazonses.com>`,
    last_event: lastEvent,
    scheduled_at: null,
  };
}

export function resendError(status: number, name: string, message: string, headers?: Record<string, string>) {
  return { status, headers, json: { statusCode: status, name, message } };
}
