import { z } from "zod";
import { statusResourceEvents } from "./answers";
import { type EventEffect, parseTime, type ProviderEvent, statusEffect } from "@/lib/webhooks/provider-event";
import { FAILURE_CLASS, STATUS } from "@/lib/status";

// Pingen's letter, GET /organisations/{organisationId}/letters/{letterId} (JSON:API, the
// shape of tests/fixtures/providers/pingen/api/letter.create-or-get.response.json):
// data.attributes.status. ⚠ Pingen documents no list of letter states; the values below are
// the ones its web interface uses, as the community .NET SDK (PingenApiNet, LetterStates)
// lists them, and anything else is stored as unrecognised. The event key is the letter and
// its state; a webhook's key is its letters_events id, which the letter resource does not
// carry, so the two dedupe by the status rule, not by key.

export const pingenLetterSchema = z.object({
  data: z.object({
    id: z.string().min(1),
    type: z.literal("letters"),
    attributes: z.object({ status: z.string().min(1), updated_at: z.string().optional(), submitted_at: z.string().nullable().optional() }),
  }),
});

// Still on its way through Pingen: validated, printed, handed to the post.
const IN_PROGRESS = new Set([
  "validating",
  "valid",
  "submitted",
  "accepted",
  "printing",
  "processing",
  "transferring",
  "inspection",
  "fixing",
  "cancelling",
]);

// Stopped before printing: the document or the order needs a fix.
const STOPPED: Record<string, string> = {
  cancelled: "The letter was cancelled at Pingen before it was posted — resend it if it is still needed",
  expired: "Pingen let the letter expire before it was posted — resend it",
  unprintable: "Pingen cannot print the letter — check the PDF (A4 portrait, address in the window), then resend",
  invalid: "Pingen found the letter invalid — check the PDF and the address, then resend",
  rejected: "Pingen rejected the letter — check the PDF and the address, then resend",
};

const NOTICES: Record<string, string> = {
  action_required: "Pingen needs an action on this letter before it can be posted — open it in Pingen",
  awaiting_credits: "Pingen is waiting for credits to send this letter — top up the Pingen account",
};

export function pingenStatusEffect(status: string): EventEffect {
  if (IN_PROGRESS.has(status)) return statusEffect("post", STATUS.accepted);
  if (status === "sent") return statusEffect("post", STATUS.sent, "Sent");
  if (status === "delivered") return statusEffect("post", STATUS.delivered, "Delivered");
  if (status === "undeliverable") {
    return statusEffect("post", STATUS.failed, "Failed", {
      failureClass: FAILURE_CLASS.permanent_recipient,
      errorCode: "undeliverable",
      errorMessage: "Letter undeliverable (Pingen's letter status) — update the postal address and resend",
    });
  }
  const stopped = STOPPED[status];
  if (stopped) {
    return statusEffect("post", STATUS.rejected, undefined, {
      failureClass: FAILURE_CLASS.permanent_content,
      errorCode: status,
      errorMessage: stopped,
    });
  }
  const notice = NOTICES[status];
  if (notice) return { kind: "informational", detail: notice };
  return { kind: "unrecognised", detail: `Pingen letter status "${status}" is not one Herald tracks` };
}

export function pingenStatusEvents(body: unknown, attemptId: string): ProviderEvent[] {
  return statusResourceEvents(
    { provider: "pingen", schema: pingenLetterSchema, name: "Pingen letter resource" },
    body,
    attemptId,
    (letter) => {
      const { id, attributes } = letter.data;
      return [
        {
          provider: "pingen",
          eventKey: `status:${id}:${attributes.status}`,
          eventType: `letter.${attributes.status}`,
          providerMessageId: id,
          attemptIdHint: attemptId,
          occurredAt: parseTime(attributes.updated_at),
          payload: { source: "status_api", data: { id, type: "letters", attributes } },
          effect: pingenStatusEffect(attributes.status),
        },
      ];
    },
  );
}
