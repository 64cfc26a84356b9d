import { Client } from "@sendgrid/client";
import { MailService, type ResponseError } from "@sendgrid/mail";
import { isTemporaryStatus, parseRetryAfter, temporaryHttpFailure, unreachableFailure } from "./http-failure";
import { SENDGRID_NO_STATUS_API } from "./status/unsupported";
import { type EmailMessage, type ProviderAdapter, type SendFailure, withoutStatusApi } from "./types";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// E-mail through @sendgrid/mail. SendGrid's mail/send has no idempotency key, so a retry
// after a lost response can send twice; our attempt id travels in customArgs (echoed on
// every event webhook as attempt_id, lib/webhooks/sendgrid.ts) and the message id is the
// X-Message-Id response header — the prefix of the webhooks' sg_message_id.

export type SendgridConfig = {
  apiKey: string;
  from: string;
  /** Tests point this at a local fake (the client's default request baseUrl). */
  baseUrl?: string;
};

export function createSendgridAdapter(config: SendgridConfig): ProviderAdapter<EmailMessage> {
  // Our own client and mail service, not the SDK's module-level singletons: two adapters
  // (or tests) with different keys must not share state.
  const client = new Client();
  client.setApiKey(config.apiKey);
  if (config.baseUrl) client.setDefaultRequest("baseUrl", config.baseUrl);
  const mail = new MailService();
  mail.setClient(client);

  return {
    provider: "sendgrid",
    channel: "email",
    duplicatesOnRetry: true,
    ...withoutStatusApi(SENDGRID_NO_STATUS_API),
    async send(message, context) {
      try {
        const [response] = await mail.send({
          from: message.from ?? config.from,
          to: message.to,
          subject: message.subject,
          html: message.html,
          ...(message.text ? { text: message.text } : {}),
          ...(message.replyTo ? { replyTo: message.replyTo } : {}),
          attachments: message.attachments?.map((file) => ({
            filename: file.filename,
            type: file.contentType,
            content: Buffer.from(file.content).toString("base64"),
            disposition: "attachment",
          })),
          customArgs: { attempt_id: context.attemptId },
        });
        const messageId = header(response.headers, "x-message-id");
        if (!messageId) {
          return {
            ok: false,
            failureClass: FAILURE_CLASS.temporary,
            errorCode: "missing_message_id",
            errorMessage: "SendGrid accepted the e-mail but returned no X-Message-Id — its status cannot be tracked; retried automatically",
          };
        }
        return { ok: true, providerMessageId: messageId, status: STATUS.accepted };
      } catch (error) {
        if (isResponseError(error)) return classifySendgridError(error, message.to);
        return unreachableFailure("SendGrid", error);
      }
    },
  };
}

type SendgridErrorBody = { errors?: { message?: string; field?: string | null; help?: string | null }[] };

export function classifySendgridError(error: ResponseError, to: string): SendFailure {
  const status = error.code;
  const headers = error.response.headers as Record<string, unknown>;
  const errors = (error.response.body as SendgridErrorBody | undefined)?.errors ?? [];
  const detail = errors.map((e) => [e.field, e.message].filter(Boolean).join(": ")).join("; ") || error.message;
  if (isTemporaryStatus(status)) {
    const failure = temporaryHttpFailure("SendGrid", status, detail, header(headers, "retry-after"));
    // SendGrid announces the end of the rate-limit window as a unix time instead.
    const reset = Number(header(headers, "x-ratelimit-reset"));
    if (failure.retryAfterMs === undefined && reset > 0)
      return { ...failure, retryAfterMs: parseRetryAfter(new Date(reset * 1000).toUTCString()) };
    return failure;
  }
  const recipientError = errors.find(
    (e) => /personalizations\.\d+\.to|^to\b/.test(e.field ?? "") || /valid address/i.test(e.message ?? ""),
  );
  if (status === 400 && recipientError) {
    return {
      ok: false,
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: String(status),
      errorMessage: `SendGrid refused the address ${to}: ${recipientError.message ?? "invalid recipient"} — correct the e-mail address, then resend`,
    };
  }
  const advice =
    status === 401
      ? "check SENDGRID_API_KEY"
      : status === 403
        ? "verify the sender identity (domain or single sender) at SendGrid and the API key's mail.send permission"
        : status === 413
          ? "the e-mail is too large; reduce the attachments"
          : "fix the template or the SendGrid setup";
  return {
    ok: false,
    failureClass: FAILURE_CLASS.permanent_content,
    errorCode: String(status),
    errorMessage: `SendGrid refused the e-mail (HTTP ${status}): ${detail} — ${advice}, then resend`,
  };
}

// @sendgrid/mail exports ResponseError as a type only: recognise it by shape. Anything else
// (axios connection errors) never got an HTTP answer.
function isResponseError(error: unknown): error is ResponseError {
  const candidate = error as Partial<ResponseError> | null;
  return typeof candidate?.code === "number" && typeof candidate.response === "object" && candidate.response !== null;
}

function header(headers: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = headers?.[name] ?? headers?.[name.toLowerCase()];
  return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : value == null ? undefined : String(value);
}
