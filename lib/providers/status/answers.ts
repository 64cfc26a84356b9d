import type { StatusAnswer } from "../types";

// The answers every status query shares when the provider gives no status: it does not
// know the message (404), or it could not be asked (an error, an outage, no connection).
// Neither changes the attempt; reconciliation asks again on its next round.

export function httpStatusAnswer(providerName: string, status: number, what: string, detail = ""): StatusAnswer {
  const said = detail ? `: ${detail.slice(0, 200)}` : "";
  if (status === 404) return { kind: "not_found", message: `${providerName} does not know ${what} (HTTP 404)${said}` };
  return { kind: "error", message: `${providerName} answered HTTP ${status} for ${what}${said}` };
}

export function unreachableStatusAnswer(providerName: string, error: unknown): StatusAnswer {
  const cause = error instanceof Error ? ((error.cause as { code?: string } | undefined)?.code ?? error.message) : String(error);
  return { kind: "error", message: `${providerName} could not be reached (${cause})` };
}
