import { Resend } from "resend";
import { isTemporaryStatus, temporaryHttpFailure, unreachableFailure } from "./http-failure";
import { httpStatusAnswer, unreachableStatusAnswer } from "./status/answers";
import { resendStatusEvents } from "./status/resend-status";
import type { EmailMessage, ProviderAdapter, SendFailure } from "./types";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// E-mail through the Resend SDK. The SDK never throws for an API error: it returns
// { data, error, headers }, with statusCode null when the request never got an answer.
// Our attempt id travels as the attempt_id tag (lib/webhooks/resend.ts reads it back), and
// the attempt's idempotency key as Resend's Idempotency-Key (kept 24 h), so a retried
// hand-over after a lost response does not send twice.

export type ResendConfig = {
  apiKey: string;
  /** A sender on a domain verified at Resend, e.g. "Acme Billing <billing@acme.fr>". */
  from: string;
  /** Tests point this at a local fake; the SDK also reads RESEND_BASE_URL. */
  baseUrl?: string;
};

export function createResendAdapter(config: ResendConfig): ProviderAdapter<EmailMessage> {
  const resend = new Resend(config.apiKey, config.baseUrl ? { baseUrl: config.baseUrl } : undefined);
  return {
    provider: "resend",
    channel: "email",
    async send(message, context) {
      let response: Awaited<ReturnType<typeof resend.emails.send>>;
      try {
        response = await resend.emails.send(
          {
            from: message.from ?? config.from,
            to: message.to,
            subject: message.subject,
            html: message.html,
            ...(message.text ? { text: message.text } : {}),
            ...(message.replyTo ? { replyTo: message.replyTo } : {}),
            attachments: message.attachments?.map((file) => ({
              filename: file.filename,
              content: Buffer.from(file.content),
              contentType: file.contentType,
            })),
            tags: [{ name: "attempt_id", value: context.attemptId }],
          },
          { idempotencyKey: context.idempotencyKey },
        );
      } catch (error) {
        return unreachableFailure("Resend", error);
      }
      if (response.data) return { ok: true, providerMessageId: response.data.id, status: STATUS.accepted };
      return classifyResendError(response.error, response.headers, message.to);
    },
    statusSupport: { supported: true },
    // GET /emails/{id} (lib/providers/status/resend-status.ts reads the answer).
    async fetchStatus(query) {
      let response: Awaited<ReturnType<typeof resend.emails.get>>;
      try {
        response = await resend.emails.get(query.providerMessageId);
      } catch (error) {
        return unreachableStatusAnswer("Resend", error);
      }
      if (response.data) return { kind: "events", events: resendStatusEvents(response.data, query.attemptId) };
      const { statusCode, name, message } = response.error;
      if (statusCode === null) return unreachableStatusAnswer("Resend", new Error(message));
      return httpStatusAnswer("Resend", statusCode, `e-mail ${query.providerMessageId}`, `${name}: ${message}`);
    },
  };
}

type ResendError = { name: string; message: string; statusCode: number | null };

// Resend error names (RESEND_ERROR_CODE_KEY in the SDK types) whose meaning does not
// follow from the HTTP status alone.
const CONTENT_ADVICE: Record<string, string> = {
  missing_api_key: "set RESEND_API_KEY",
  invalid_api_key: "check RESEND_API_KEY",
  restricted_api_key: "the Resend API key may not send e-mail; use a full-access or sending key",
  invalid_from_address: "verify the sending domain at Resend or fix the configured sender",
  invalid_attachment: "check the attached documents (type and size)",
  daily_quota_exceeded: "the daily sending quota at Resend is used up; raise it or wait until tomorrow",
  monthly_quota_exceeded: "the monthly sending quota at Resend is used up; upgrade the plan",
  invalid_idempotent_request: "the same idempotency key was reused for a different e-mail; report it to the Herald team",
};

export function classifyResendError(error: ResendError, headers: Record<string, string> | null, to: string): SendFailure {
  const { name, message, statusCode } = error;
  if (statusCode === null) return unreachableFailure("Resend", new Error(message));
  // A concurrent request with the same key is still in flight at Resend: try again later.
  if (name === "concurrent_idempotent_requests" || (isTemporaryStatus(statusCode) && !CONTENT_ADVICE[name])) {
    return { ...temporaryHttpFailure("Resend", statusCode, message, headers?.["retry-after"]), errorCode: name };
  }
  // Resend reports every payload problem as validation_error; only the recipient fields
  // are the customer's address, everything else (domain not verified, bad from) is ours.
  if (
    (name === "validation_error" || name === "missing_required_field") &&
    /`to`|\bto\b|recipient/i.test(message) &&
    !/domain|from/i.test(message)
  ) {
    return {
      ok: false,
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: name,
      errorMessage: `Resend refused the address ${to}: ${message} — correct the e-mail address, then resend`,
    };
  }
  return {
    ok: false,
    failureClass: FAILURE_CLASS.permanent_content,
    errorCode: name,
    errorMessage: `Resend refused the e-mail (${name}, HTTP ${statusCode}): ${message} — ${CONTENT_ADVICE[name] ?? "fix the template or the Resend setup, then resend"}`,
  };
}
