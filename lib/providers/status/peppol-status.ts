import { z } from "zod";
import { statusResourceEvents } from "./answers";
import { attemptIdFrom, parseTime, type ProviderEvent } from "@/lib/webhooks/provider-event";
import { peppolEffect, peppolEventSchema } from "@/lib/webhooks/peppol";

// Herald's contract with its Peppol access point (lib/providers/peppol.ts states the send
// side): GET {apiUrl}/v1/transmissions/{transmissionId} answers
//   200 { transmissionId, lastEvent: <the latest event, exactly as its webhook carried it> | null }
//   404 { error: { code: "not_found", message } }
// The event keeps its eventId, so a status the webhook delivered is a duplicate here and the
// other way round; no event yet (still queued at the access point) adds nothing.

export const peppolTransmissionSchema = z.object({
  transmissionId: z.string().min(1),
  lastEvent: peppolEventSchema.nullable(),
});

export function peppolStatusEvents(body: unknown, attemptId: string): ProviderEvent[] {
  return statusResourceEvents(
    { provider: "peppol", schema: peppolTransmissionSchema, name: "access point transmission" },
    body,
    attemptId,
    (transmission) => {
      const event = transmission.lastEvent;
      if (!event) return [];
      return [
        {
          provider: "peppol",
          eventKey: event.eventId,
          eventType: event.event,
          providerMessageId: event.transmissionId,
          attemptIdHint: attemptIdFrom(event.attemptId) ?? attemptId,
          occurredAt: parseTime(event.timestamp),
          payload: { source: "status_api", ...transmission },
          effect: peppolEffect(event),
        },
      ];
    },
  );
}
