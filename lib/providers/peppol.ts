import { z } from "zod";
import { peppolEffect } from "@/lib/webhooks/peppol";
import { isTemporaryStatus, temporaryHttpFailure, unreachableFailure } from "./http-failure";
import { httpStatusAnswer, unreachableStatusAnswer } from "./status/answers";
import { peppolStatusEvents } from "./status/peppol-status";
import type { EinvoiceMessage, ProviderAdapter, SendFailure } from "./types";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// E-invoices over Peppol through our access point's REST API (Peppol standardises AS4
// between access points, not a client API; this is Herald's contract with the AP, the
// counterpart of lib/webhooks/peppol.ts):
//   POST {apiUrl}/v1/transmissions   Authorization: Bearer <key>, Idempotency-Key
//   { receiver, attemptId, document: { filename, contentType, content (base64) } }
//   202 { transmissionId, status: "accepted" }   error: { error: { code, message } }
// The AP checks the receiver in the SMP before accepting; its refusal codes are the ones
// its transmission.failed webhooks carry, so they are classified by the webhook side.

export type PeppolConfig = { apiUrl: string; apiKey: string };

const acceptedSchema = z.object({
  transmissionId: z.string().min(1),
  status: z.enum([STATUS.accepted, STATUS.sent]).default(STATUS.accepted),
});
const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

export function createPeppolAdapter(config: PeppolConfig): ProviderAdapter<EinvoiceMessage> {
  const apiUrl = config.apiUrl.replace(/\/$/, "");
  return {
    provider: "peppol",
    channel: "einvoice",
    async send(message, context) {
      let response: Response;
      try {
        response = await fetch(`${apiUrl}/v1/transmissions`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${config.apiKey}`,
            "idempotency-key": context.idempotencyKey,
            "content-type": "application/json",
            accept: "application/json",
          },
          body: JSON.stringify({
            receiver: message.to,
            attemptId: context.attemptId,
            document: {
              filename: message.document.filename,
              contentType: message.document.contentType,
              content: Buffer.from(message.document.content).toString("base64"),
            },
          }),
        });
      } catch (error) {
        return unreachableFailure("The Peppol access point", error);
      }
      const text = await response.text();
      if (!response.ok) return classifyPeppolError(response.status, text, message.to, response.headers.get("retry-after"));
      const accepted = acceptedSchema.safeParse(safeJson(text));
      if (!accepted.success) {
        return {
          ok: false,
          failureClass: FAILURE_CLASS.temporary,
          errorCode: "unexpected_response",
          errorMessage: `The Peppol access point accepted the request but returned no transmission id (HTTP ${response.status}) — retried automatically with the same idempotency key`,
        };
      }
      return { ok: true, providerMessageId: accepted.data.transmissionId, status: accepted.data.status };
    },
    statusSupport: { supported: true },
    // GET /v1/transmissions/{id} (the contract is in lib/providers/status/peppol-status.ts).
    async fetchStatus(query) {
      let response: Response;
      try {
        response = await fetch(`${apiUrl}/v1/transmissions/${encodeURIComponent(query.providerMessageId)}`, {
          headers: { authorization: `Bearer ${config.apiKey}`, accept: "application/json" },
        });
      } catch (error) {
        return unreachableStatusAnswer("The Peppol access point", error);
      }
      const text = await response.text();
      if (!response.ok)
        return httpStatusAnswer("The Peppol access point", response.status, `transmission ${query.providerMessageId}`, text);
      return { kind: "events", events: peppolStatusEvents(safeJson(text), query.attemptId) };
    },
  };
}

export function classifyPeppolError(status: number, body: string, receiver: string, retryAfter: string | null): SendFailure {
  const parsed = errorSchema.safeParse(safeJson(body));
  const code = parsed.success ? parsed.data.error.code : String(status);
  const said = parsed.success ? (parsed.data.error.message ?? "") : body.slice(0, 200);
  if (isTemporaryStatus(status)) return { ...temporaryHttpFailure("The Peppol access point", status, said, retryAfter), errorCode: code };
  const effect = peppolEffect({
    eventId: "",
    transmissionId: "",
    event: "transmission.failed",
    error: { code, message: said || undefined },
  });
  if (effect.kind === "status" && effect.failure?.failureClass === FAILURE_CLASS.permanent_recipient) {
    return {
      ok: false,
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: code,
      errorMessage: `${effect.failure.errorMessage} (${receiver})`,
    };
  }
  const advice =
    status === 401 || status === 403 ? "check the access point API key" : "correct the e-invoice (UBL validation), then resend";
  return {
    ok: false,
    failureClass: FAILURE_CLASS.permanent_content,
    errorCode: code,
    errorMessage: `The Peppol access point refused the e-invoice (${code}, HTTP ${status})${said ? `: ${said}` : ""} — ${advice}`,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
