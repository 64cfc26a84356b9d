import type { PostalAddress } from "@/db/schema/customers";
import type { AwaitingFeedbackStatus, Channel, FailureClass, Provider } from "@/lib/status";
import type { ProviderEvent } from "@/lib/webhooks/provider-event";

// One interface for every sending provider. An adapter hands one attempt to its provider
// and classifies the answer: it never throws for a provider error (refusal, rate limit,
// outage, connection refused) — the failure class decides retry, fallback or a human fix
// (docs/status-model.md), and the message tells staff what to do.

export type Attachment = { filename: string; contentType: string; content: Uint8Array };

export type EmailMessage = {
  channel: "email";
  to: string;
  /** Defaults to the adapter's configured sender (a verified domain). */
  from?: string;
  replyTo?: string;
  subject: string;
  html: string;
  text?: string;
  attachments?: Attachment[];
};

export type SmsMessage = { channel: "sms"; to: string; body: string };

/** The print provider reads the address from the PDF's window: render it there. */
export type LetterMessage = { channel: "post"; to: string; postal: PostalAddress; document: Attachment };

export type EinvoiceMessage = {
  channel: "einvoice";
  /** Peppol participant id, or the SIRET of the Chorus Pro structure. */
  to: string;
  document: Attachment;
  /** Chorus Pro's syntaxeFlux (e.g. IN_DP_E2_CII_FACTURX); Peppol derives it from the UBL. */
  syntax?: string;
};

export type OutboundMessage = EmailMessage | SmsMessage | LetterMessage | EinvoiceMessage;

export type SendContext = {
  /** Stable per attempt, so a retried hand-over is deduplicated by providers that support it. */
  idempotencyKey: string;
  attemptId: string;
  /** Where the provider posts status callbacks for this message (Twilio, per message). */
  statusCallbackUrl?: string;
};

export type SendSuccess = { ok: true; providerMessageId: string; status: AwaitingFeedbackStatus };

export type SendFailure = {
  ok: false;
  failureClass: FailureClass;
  /** The provider's code (HTTP status, Twilio code, Resend error name…). */
  errorCode: string;
  /** What staff read: what happened, and what to do about it. */
  errorMessage: string;
  /** From Retry-After when the provider gave one; only for temporary failures. */
  retryAfterMs?: number;
  /**
   * The request may have reached the provider and been acted on: the connection failed
   * after it went out, or the provider (or its gateway) failed while handling it.
   */
  uncertain?: boolean;
};

export type SendResult = SendSuccess | SendFailure;

/** One attempt, as a status query needs it (the sandbox answers from the recipient, as its webhooks do). */
export type StatusQuery = {
  attemptId: string;
  providerMessageId: string;
  recipient: string;
  postalCode: string | null;
  /** The invoice number Chorus Pro files the invoice under. */
  subjectRef: string;
};

/**
 * What a provider's status API said about one message (reconciliation, docs/providers.md):
 * its answer as provider events for the store-then-apply path — none when it says nothing
 * new — and, when the provider has named the message anew (Chorus Pro: the invoice id of a
 * deposit flux), the id to track it by from now on. Like send, never throws for a provider
 * error.
 */
export type StatusAnswer =
  | { kind: "events"; events: ProviderEvent[]; providerMessageId?: string }
  | { kind: "not_found"; message: string }
  | { kind: "error"; message: string }
  | { kind: "unsupported"; reason: string };

/** Whether the provider can be asked about one message; the reason is shown on tracking health. */
export type StatusSupport = { supported: true } | { supported: false; reason: string };

export interface ProviderAdapter<M extends OutboundMessage = OutboundMessage> {
  readonly provider: Provider;
  readonly channel: Extract<Channel, M["channel"]>;
  /**
   * The provider's send API takes no idempotency key (SendGrid, Twilio): repeating a request
   * whose outcome is uncertain can deliver the message twice, so Herald does not repeat it.
   */
  readonly duplicatesOnRetry?: true;
  send(message: M, context: SendContext): Promise<SendResult>;
  readonly statusSupport: StatusSupport;
  /** Asks the provider what became of a message it accepted. */
  fetchStatus(query: StatusQuery): Promise<StatusAnswer>;
}

/** The two members of an adapter without a per-message status API. */
export function withoutStatusApi(reason: string): Pick<ProviderAdapter, "statusSupport" | "fetchStatus"> {
  return { statusSupport: { supported: false, reason }, fetchStatus: async () => ({ kind: "unsupported", reason }) };
}

/** An adapter for any one channel (each adapter takes only its channel's messages). */
export type AnyProviderAdapter =
  ProviderAdapter<EmailMessage> | ProviderAdapter<SmsMessage> | ProviderAdapter<LetterMessage> | ProviderAdapter<EinvoiceMessage>;

/** Hands a message to an adapter, checking that the adapter carries the message's channel. */
export function sendThrough(adapter: AnyProviderAdapter, message: OutboundMessage, context: SendContext): Promise<SendResult> {
  if (adapter.channel !== message.channel) {
    throw new Error(`${adapter.provider} carries ${adapter.channel}, not ${message.channel}`);
  }
  // The check above is what the union cannot express: this adapter takes this message.
  return (adapter as ProviderAdapter<OutboundMessage>).send(message, context);
}
