import { type FakeHttpServer, startFakeHttpServer } from "./http-fake";

// SendGrid's POST /v3/mail/send: bearer API key, JSON body with personalizations; answers
// 202 with an empty body and the X-Message-Id header, or SendGrid's { errors: [...] }.

export const FAKE_SENDGRID_KEY = "SG.test-key";
export const FAKE_SENDGRID_MESSAGE_ID = "W86EgYT6SQKk0lRflfLRsA";

/** `ids`: the message id each send answers (default: the same one every time). */
export function startFakeSendgrid(options: { ids?: () => string } = {}): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => {
    if (request.method !== "POST" || request.path !== "/v3/mail/send") return sendgridError(404, "not found");
    if (request.headers.authorization !== `Bearer ${FAKE_SENDGRID_KEY}`) {
      return sendgridError(401, "The provided authorization grant is invalid, expired, or revoked");
    }
    const body = JSON.parse(request.text) as { personalizations?: { to?: { email?: string }[] }[]; from?: { email?: string } };
    if (!body.personalizations?.[0]?.to?.[0]?.email || !body.from?.email) return sendgridError(400, "missing recipient or sender");
    return { status: 202, headers: { "x-message-id": options.ids?.() ?? FAKE_SENDGRID_MESSAGE_ID }, text: "" };
  });
}

export function sendgridError(status: number, message: string, field: string | null = null, headers?: Record<string, string>) {
  return { status, headers, json: { errors: [{ message, field, help: null }] } };
}
