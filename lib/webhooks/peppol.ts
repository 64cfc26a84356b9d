import { z } from "zod";
import {
  attemptIdFrom,
  describeIssues,
  type EventEffect,
  parseJson,
  parseTime,
  type ProviderEvent,
  type RawWebhook,
  statusEffect,
  unreadableBody,
} from "./provider-event";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// Herald's contract with its Peppol access point (Peppol standardises AS4 between access
// points, not callbacks to their clients; signature: lib/webhooks/signatures/peppol.ts).
// One JSON event per request:
//   { eventId, event, timestamp, transmissionId, attemptId?, mls?, invoiceResponse?, error? }
// event: transmission.accepted | transmission.sent (AS4 receipt) | transmission.failed
//        | mls.<AP|AB|RE> (Message Level Status) | invoice_response.<UNCL4343 code>

const reasonSchema = z.object({ code: z.string(), description: z.string().optional() });

export const peppolEventSchema = z.object({
  eventId: z.string().min(1),
  event: z.string().min(1),
  timestamp: z.string().optional(),
  transmissionId: z.string().min(1),
  attemptId: z.string().optional(),
  mls: z.object({ responseCode: z.string(), reasons: z.array(reasonSchema).optional() }).optional(),
  invoiceResponse: z.object({ responseCode: z.string(), note: z.string().optional() }).optional(),
  error: z.object({ code: z.string(), message: z.string().optional() }).optional(),
});

type PeppolEvent = z.infer<typeof peppolEventSchema>;

export function parsePeppolWebhook(raw: RawWebhook): ProviderEvent[] {
  const json = parseJson(raw.text);
  if (!json.ok) return [unreadableBody("peppol", raw, json.detail)];
  const parsed = peppolEventSchema.safeParse(json.value);
  if (!parsed.success) {
    return [unreadableBody("peppol", raw, `unexpected access point event: ${describeIssues(parsed.error.issues)}`)];
  }
  const event = parsed.data;
  return [
    {
      provider: "peppol",
      eventKey: event.eventId,
      eventType: event.event,
      providerMessageId: event.transmissionId,
      attemptIdHint: attemptIdFrom(event.attemptId),
      occurredAt: parseTime(event.timestamp),
      payload: json.value,
      effect: peppolEffect(event),
    },
  ];
}

// The receiver is unknown to the network: another channel may still reach the customer.
const RECIPIENT_ERRORS = new Set(["receiver_not_registered", "document_type_not_supported"]);

export function peppolEffect(event: PeppolEvent): EventEffect {
  const [family, code] = splitEvent(event.event);
  if (family === "transmission") {
    if (code === "accepted") return statusEffect("einvoice", STATUS.accepted);
    if (code === "sent") return statusEffect("einvoice", STATUS.sent, "Sent");
    if (code === "failed") return transmissionFailure(event.error);
  }
  if (family === "mls") {
    if (code === "AP" || code === "AB") return statusEffect("einvoice", STATUS.delivered, "Sent");
    if (code === "RE") {
      const reason = event.mls?.reasons?.[0];
      const rule = reason?.description && /\[([A-Z]{2,}-[A-Z0-9-]+)\]/.exec(reason.description)?.[1];
      return statusEffect("einvoice", STATUS.rejected, "Rejected", {
        failureClass: FAILURE_CLASS.permanent_content,
        errorCode: rule || reason?.code || "RE",
        errorMessage: `E-invoice rejected by the receiving access point${reason ? ` (${reason.code}: ${reason.description ?? "no description"})` : ""} — correct the invoice and send it again`,
      });
    }
  }
  if (family === "invoice_response") {
    if (code === "RE") {
      return statusEffect("einvoice", STATUS.rejected, "Rejected", {
        failureClass: FAILURE_CLASS.permanent_content,
        errorCode: "RE",
        errorMessage: `E-invoice rejected by the buyer${event.invoiceResponse?.note ? `: ${event.invoiceResponse.note}` : ""} — issue a credit note and a corrected invoice`,
      });
    }
    if (code && INVOICE_RESPONSES[code]) return { kind: "informational", detail: INVOICE_RESPONSES[code] };
  }
  return { kind: "unrecognised", detail: `access point event "${event.event}" is not one Herald tracks` };
}

// Buyer-side business progress after delivery: shown in the timeline, never a status.
const INVOICE_RESPONSES: Record<string, string> = {
  AB: "Buyer acknowledged the invoice (AB)",
  IP: "Buyer is processing the invoice (IP)",
  UQ: "Buyer put the invoice under query (UQ) — contact the buyer",
  CA: "Buyer conditionally accepted the invoice (CA)",
  AP: "Buyer accepted the invoice (AP)",
  PD: "Buyer reports the invoice paid (PD)",
};

function transmissionFailure(error: PeppolEvent["error"]): EventEffect {
  const code = error?.code ?? "transmission_failed";
  const said = error?.message ? `: ${error.message}` : "";
  if (RECIPIENT_ERRORS.has(code)) {
    return statusEffect("einvoice", STATUS.rejected, "Rejected", {
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: code,
      errorMessage: `The receiver cannot take this e-invoice on Peppol (${code})${said} — check the participant id with the customer`,
    });
  }
  return statusEffect("einvoice", STATUS.failed, "Rejected", {
    failureClass: FAILURE_CLASS.temporary,
    errorCode: code,
    errorMessage: `The access point could not transmit the e-invoice (${code})${said} — retried automatically`,
  });
}

function splitEvent(event: string): [string, string | undefined] {
  const dot = event.indexOf(".");
  return dot === -1 ? [event, undefined] : [event.slice(0, dot), event.slice(dot + 1)];
}
