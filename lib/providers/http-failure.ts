import type { SendFailure } from "./types";
import { FAILURE_CLASS } from "@/lib/status";

// The classification every HTTP provider shares (docs/providers.md): 429 and 5xx are outages
// or throttling — retry with backoff, honouring Retry-After; no answer at all (connection
// refused, DNS, timeout) is the same. Each adapter classifies its 4xx refusals itself.

export function isTemporaryStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Retry-After in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * 500, 502 and 504 may come after the provider acted on the request (a crash before the
 * answer, a gateway timing out on a slow backend); 429 and 503 are refusals before it.
 */
const UNCERTAIN_STATUSES = new Set([500, 502, 504]);

export function temporaryHttpFailure(providerName: string, status: number, detail: string, retryAfter?: string | null): SendFailure {
  const retryAfterMs = parseRetryAfter(retryAfter);
  const what = status === 429 ? "is rate limiting us" : `had an error (HTTP ${status})`;
  return {
    ok: false,
    failureClass: FAILURE_CLASS.temporary,
    errorCode: String(status),
    errorMessage: `${providerName} ${what}${detail ? `: ${detail}` : ""} — retried automatically`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(UNCERTAIN_STATUSES.has(status) ? { uncertain: true } : {}),
  };
}

/** Network errors that happen before a request can reach the provider: nothing was sent. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH", "ERR_INVALID_URL"]);

export function unreachableFailure(providerName: string, error: unknown): SendFailure {
  const code = networkErrorCode(error);
  const cause = code ?? (error instanceof Error ? error.message : String(error));
  return {
    ok: false,
    failureClass: FAILURE_CLASS.temporary,
    errorCode: "network_error",
    errorMessage: `${providerName} could not be reached (${cause}) — retried automatically; check the provider's status page if it persists`,
    // A reset, a timeout, a socket closed mid-answer: the request may have been handled.
    ...(code !== undefined && NOT_SENT_CODES.has(code) ? {} : { uncertain: true }),
  };
}

function networkErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const own = (error as { code?: unknown }).code;
  const cause = (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof cause === "string") return cause;
  return typeof own === "string" ? own : undefined;
}
