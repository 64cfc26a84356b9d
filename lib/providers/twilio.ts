import twilio from "twilio";
import { twilioEffect } from "@/lib/webhooks/twilio";
import { isTemporaryStatus, temporaryHttpFailure, unreachableFailure } from "./http-failure";
import { httpStatusAnswer, unreachableStatusAnswer } from "./status/answers";
import { twilioStatusEvents } from "./status/twilio-status";
import type { ProviderAdapter, SendFailure, SmsMessage } from "./types";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

type RequestOptions<TData> = Parameters<typeof twilio.RequestClient.prototype.request<TData>>[0];

// SMS through the Twilio SDK. The Messages API has no idempotency key: a retry after a
// lost response can send twice. The status callback URL goes with every message, so
// delivery reports reach lib/webhooks/twilio.ts. Twilio's error codes mean the same at
// send time as in callbacks, so they are classified by the webhook side's table.

export type TwilioConfig = {
  accountSid: string;
  authToken: string;
  /** A Twilio number (E.164) or a Messaging Service (MG…), which also picks the sender. */
  from: string;
  /** Tests point this at a local fake; the SDK has no base-URL option. */
  baseUrl?: string;
};

export function createTwilioAdapter(config: TwilioConfig): ProviderAdapter<SmsMessage> {
  return {
    provider: "twilio",
    duplicatesOnRetry: true,
    channel: "sms",
    async send(message, context) {
      // One HTTP client per send: it keeps the response headers (Retry-After), which the
      // SDK's RestException drops.
      const http = new RecordingRequestClient(config.baseUrl);
      const client = twilio(config.accountSid, config.authToken, { httpClient: http });
      const sender = config.from.startsWith("MG") ? { messagingServiceSid: config.from } : { from: config.from };
      try {
        const sent = await client.messages.create({
          to: message.to,
          body: message.body,
          ...sender,
          ...(context.statusCallbackUrl ? { statusCallback: context.statusCallbackUrl } : {}),
        });
        return { ok: true, providerMessageId: sent.sid, status: sent.status === "sent" ? STATUS.sent : STATUS.accepted };
      } catch (error) {
        if (error instanceof twilio.RestException) return classifyTwilioError(error, message.to, http.lastHeaders["retry-after"]);
        return unreachableFailure("Twilio", error);
      }
    },
    statusSupport: { supported: true },
    // GET /2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json, read as the raw resource
    // (lib/providers/status/twilio-status.ts) so polls and callbacks share one vocabulary.
    async fetchStatus(query) {
      const http = new RecordingRequestClient(config.baseUrl);
      const client = twilio(config.accountSid, config.authToken, { httpClient: http });
      try {
        await client.messages(query.providerMessageId).fetch();
      } catch (error) {
        if (error instanceof twilio.RestException) {
          return httpStatusAnswer("Twilio", error.status, `message ${query.providerMessageId}`, error.message);
        }
        return unreachableStatusAnswer("Twilio", error);
      }
      return { kind: "events", events: twilioStatusEvents(http.lastBody, query.attemptId) };
    },
  };
}

export function classifyTwilioError(
  error: { status: number; code?: number; message: string },
  to: string,
  retryAfter?: string,
): SendFailure {
  const code = error.code ? String(error.code) : undefined;
  if (isTemporaryStatus(error.status) || code === "20429") {
    return { ...temporaryHttpFailure("Twilio", error.status, error.message, retryAfter), errorCode: code ?? String(error.status) };
  }
  const effect = twilioEffect({ MessageSid: "", MessageStatus: "failed", ErrorCode: code });
  const known = effect.kind === "status" ? effect.failure : null;
  // The callback table treats unknown codes as temporary (a carrier hiccup); a synchronous
  // 4xx refusal will not pass on a retry, so an unknown one needs a fix instead.
  if (known && known.failureClass !== FAILURE_CLASS.temporary) {
    return {
      ok: false,
      failureClass: known.failureClass,
      errorCode: code ?? String(error.status),
      errorMessage: `Twilio refused the SMS to ${to}: ${known.errorMessage}`,
    };
  }
  return {
    ok: false,
    failureClass: FAILURE_CLASS.permanent_content,
    errorCode: code ?? String(error.status),
    errorMessage: `Twilio refused the SMS to ${to} (${code ? `error ${code}` : `HTTP ${error.status}`}): ${error.message} — check the Twilio account and sender, then resend`,
  };
}

class RecordingRequestClient extends twilio.RequestClient {
  lastHeaders: Record<string, string> = {};
  /** The last response body as Twilio sent it (snake_case), before the SDK renames its fields. */
  lastBody: unknown = null;

  constructor(private readonly baseUrl?: string) {
    super();
  }

  override async request<TData>(opts: RequestOptions<TData>) {
    const uri = this.baseUrl ? opts.uri.replace(/^https?:\/\/[^/]+/, this.baseUrl.replace(/\/$/, "")) : opts.uri;
    const response = await super.request<TData>({ ...opts, uri });
    this.lastBody = typeof response.body === "string" ? safeJson(response.body) : response.body;
    this.lastHeaders = Object.fromEntries(
      Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
    return response;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
