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

export function temporaryHttpFailure(providerName: string, status: number, detail: string, retryAfter?: string | null): SendFailure {
  const retryAfterMs = parseRetryAfter(retryAfter);
  const what = status === 429 ? "is rate limiting us" : `had an error (HTTP ${status})`;
  return {
    ok: false,
    failureClass: FAILURE_CLASS.temporary,
    errorCode: String(status),
    errorMessage: `${providerName} ${what}${detail ? `: ${detail}` : ""} — retried automatically`,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

export function unreachableFailure(providerName: string, error: unknown): SendFailure {
  const cause = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
  return {
    ok: false,
    failureClass: FAILURE_CLASS.temporary,
    errorCode: "network_error",
    errorMessage: `${providerName} could not be reached (${cause}) — retried automatically; check the provider's status page if it persists`,
  };
}
