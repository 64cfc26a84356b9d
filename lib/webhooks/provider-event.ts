import { type AttemptStatus, type Channel, type ChannelLabel, defaultChannelLabel, type FailureClass, type Provider } from "@/lib/status";

// What every provider adapter (lib/webhooks/<provider>.ts) turns a raw payload into: one
// provider-neutral event per provider event, ready for applyProviderEvent. Adapters are
// pure: no clock, no database, no secrets.

export type Failure = {
  failureClass: FailureClass;
  /** The provider's own code or reason (SMTP status, Twilio ErrorCode, Chorus status…). */
  errorCode: string | null;
  /** What staff read: what happened, and what to do about it. */
  errorMessage: string;
};

export type EngagementFlag = "opened" | "clicked" | "complained";

export type EventEffect =
  /** Moves the attempt through the status model (if the model allows it). */
  | { kind: "status"; status: AttemptStatus; label: string; failure: Failure | null }
  /** A flag on the attempt; never a status (docs/status-model.md). */
  | { kind: "engagement"; flag: EngagementFlag }
  /** Recognised but changes nothing (deferred, delayed, unsubscribe…): stored with why. */
  | { kind: "informational"; detail: string }
  /** A type this adapter does not know, or a payload it cannot read: stored, visible. */
  | { kind: "unrecognised"; detail: string };

/** A verified request, as every adapter receives it. */
export type RawWebhook = {
  text: string;
  headers: Headers;
  /** Hex SHA-256 of the body: the event key when a provider gives none (unreadable body). */
  bodySha256: string;
};

export type ProviderEvent = {
  provider: Provider;
  /** Unique per provider: the store dedupes on (provider, eventKey). */
  eventKey: string;
  eventType: string;
  providerMessageId: string | null;
  /** Our attempt id when the provider echoes it back (SendGrid custom args, Resend tags). */
  attemptIdHint: string | null;
  occurredAt: Date | null;
  payload: unknown;
  effect: EventEffect;
  /** When Herald received the request, where one call applies many requests (the inbox drain). */
  receivedAt?: Date;
};

/**
 * A status effect whose label is checked against CHANNEL_LABELS at compile time: an e-mail
 * adapter cannot file "Returned", and a label that does not stand for the status is a test
 * failure (tests/unit/webhook-mapping.test.ts). Without a label, the channel's default.
 */
export function statusEffect<C extends Channel>(
  channel: C,
  status: AttemptStatus,
  label?: ChannelLabel<C>,
  failure: Failure | null = null,
): EventEffect {
  return { kind: "status", status, label: label ?? defaultChannelLabel(channel, status), failure };
}

/** Provider timestamps are best effort: an unreadable one must not cost the event. */
export function parseTime(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** The body could not be read at all: stored once (keyed by its hash) so nothing is dropped. */
export function unreadableBody(provider: Provider, raw: RawWebhook, detail: string): ProviderEvent {
  return {
    provider,
    eventKey: `unreadable:${raw.bodySha256}`,
    eventType: "unreadable",
    providerMessageId: null,
    attemptIdHint: null,
    occurredAt: null,
    payload: { body: raw.text.slice(0, 10_000) },
    effect: { kind: "unrecognised", detail },
  };
}

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; detail: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, detail: `body is not JSON: ${(error as Error).message}` };
  }
}

/** One line of a zod error, for the stored `detail` of a payload we could not read. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An attempt id echoed back by a provider, if it looks like one (it is user-visible data). */
export function attemptIdFrom(value: unknown): string | null {
  return typeof value === "string" && UUID.test(value) ? value.toLowerCase() : null;
}
