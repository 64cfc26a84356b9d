import type { z } from "zod";
import type { Provider } from "@/lib/status";
import { describeIssues, type ProviderEvent } from "@/lib/webhooks/provider-event";
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

/** A provider's status resource: who answers, its shape, and what to call it when the body is not that shape. */
export type StatusResource<Schema extends z.ZodType> = { provider: Provider; schema: Schema; name: string };

/**
 * The events a status resource carries, mapped by `toEvents` once the body has the
 * resource's shape. A body of any other shape is one unrecognised event, keyed by the
 * attempt (asking again stores nothing new): stored and shown, never dropped.
 */
export function statusResourceEvents<Schema extends z.ZodType>(
  resource: StatusResource<Schema>,
  body: unknown,
  attemptId: string,
  toEvents: (data: z.output<Schema>) => ProviderEvent[],
): ProviderEvent[] {
  const parsed = resource.schema.safeParse(body);
  if (parsed.success) return toEvents(parsed.data);
  return [
    {
      provider: resource.provider,
      eventKey: `status:unreadable:${attemptId}`,
      eventType: "status",
      providerMessageId: null,
      attemptIdHint: attemptId,
      occurredAt: null,
      payload: body ?? null,
      effect: { kind: "unrecognised", detail: `unexpected ${resource.name}: ${describeIssues(parsed.error.issues)}` },
    },
  ];
}
