import { peppolStatusEvents } from "../status/peppol-status";
import { pingenStatusEvents } from "../status/pingen-status";
import { resendStatusEvents } from "../status/resend-status";
import { twilioStatusEvents } from "../status/twilio-status";
import type { StatusAnswer, StatusQuery } from "../types";
import { scenarioFor, type SandboxScenario } from "./scenarios";
import { peppolEvent } from "./webhook-payloads";

// The sandbox providers' status APIs: what each real one answers about a message once its
// webhooks would all have been posted — the outcome its magic recipient chose — in the
// provider's own wire format, read by the same code as the real answer. So reconciliation
// runs offline end to end in the embedded default. A sandbox keeps no record of what it
// sent (a restart forgets it), so it answers from the attempt's recipient, as its webhooks do.

type SandboxStatusProvider = "resend" | "twilio" | "pingen" | "peppol";

export function sandboxStatus(provider: SandboxStatusProvider, query: StatusQuery): StatusAnswer {
  const at = new Date();
  const id = query.providerMessageId;
  switch (provider) {
    case "resend": {
      const scenario = scenarioFor("email", query.recipient, null, provider);
      const body = { object: "email", id, to: [query.recipient], created_at: at.toISOString(), last_event: resendLastEvent(scenario) };
      return { kind: "events", events: resendStatusEvents(body, query.attemptId) };
    }
    case "twilio": {
      const undelivered = scenarioFor("sms", query.recipient, null) === "undelivered";
      const body = {
        sid: id,
        account_sid: "AC00000000000000000000000000000000",
        to: query.recipient,
        status: undelivered ? "undelivered" : "delivered",
        error_code: undelivered ? 30005 : null,
        error_message: undelivered ? "Unknown destination handset (sandbox)" : null,
        date_updated: at.toUTCString(),
      };
      return { kind: "events", events: twilioStatusEvents(body, query.attemptId) };
    }
    case "pingen": {
      const returned = scenarioFor("post", query.recipient, query.postalCode) === "returned";
      const body = {
        data: { id, type: "letters", attributes: { status: returned ? "undeliverable" : "delivered", updated_at: at.toISOString() } },
      };
      return { kind: "events", events: pingenStatusEvents(body, query.attemptId) };
    }
    case "peppol": {
      const { event, extra } = peppolOutcome(scenarioFor("einvoice", query.recipient, null));
      // A stable event id per outcome: asking again stores nothing new.
      const lastEvent = peppolEvent(event, id, { attemptId: query.attemptId, ...extra }, `sandbox-status-${id}-${event}`);
      return { kind: "events", events: peppolStatusEvents({ transmissionId: id, lastEvent }, query.attemptId) };
    }
  }
}

// A refusal by the receiving server (the blocked address) is temporary: Resend's resource
// says delivery_delayed, not bounced, which it documents as a permanent rejection.
function resendLastEvent(scenario: SandboxScenario): string {
  if (scenario === "bounced") return "bounced";
  if (scenario === "blocked") return "delivery_delayed";
  return "delivered";
}

function peppolOutcome(scenario: SandboxScenario): { event: string; extra: Record<string, unknown> } {
  if (scenario === "not_registered") {
    return {
      event: "transmission.failed",
      extra: { error: { code: "receiver_not_registered", message: "Participant not found in the SMP (sandbox)" } },
    };
  }
  if (scenario === "rejected") {
    const reasons = [{ code: "BV", description: "[BR-CO-15]-Invoice total amount with VAT is wrong (sandbox)" }];
    return { event: "mls.RE", extra: { mls: { responseCode: "RE", reasons } } };
  }
  return { event: "mls.AP", extra: { mls: { responseCode: "AP" } } };
}
