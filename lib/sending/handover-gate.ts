import type { Db } from "@/db/client";
import type { attempts } from "@/db/schema";
import { findHandoverBlocks } from "@/db/queries/suppressions";
import { CATEGORY_LABELS } from "@/lib/categories";
import { describeSuppression } from "@/lib/routing/suppressions";
import { CHANNEL_NAMES } from "@/lib/status";

// The last check before an attempt leaves Herald (lib/sending/hand-over.ts): whatever path
// created it — first send, resend, bulk send, fallback, the platform API — and however long
// it waited in the queue, it is not handed over to a recipient who is suppressed, opted out
// or marked invalid now. The plan checked the same when the attempt was created; this
// catches what happened since, and any path that did not plan.

export type HandoverRefusal = { code: "suppressed" | "opted_out" | "invalid_contact"; message: string };

type AttemptRow = typeof attempts.$inferSelect;

export async function refusalAtHandover(db: Db, attempt: AttemptRow): Promise<HandoverRefusal | null> {
  if (attempt.channel === "manual") return null;
  const contactPointId = typeof attempt.meta.contactPointId === "string" ? attempt.meta.contactPointId : null;
  const { suppression, optOut, invalid } = await findHandoverBlocks(db, {
    customerId: attempt.customerId,
    channel: attempt.channel,
    category: attempt.category,
    address: attempt.recipient,
    contactPointId,
  });
  const channel = CHANNEL_NAMES[attempt.channel];
  if (suppression) return { code: "suppressed", message: `Not sent: ${channel} ${describeSuppression(suppression)}` };
  if (optOut) {
    const scope = optOut.category ? `${CATEGORY_LABELS[optOut.category].toLowerCase()} messages` : "all messages";
    return {
      code: "opted_out",
      message: `Not sent: the customer opted out of ${channel} (${scope}) — ask the customer to opt back in, or use another channel`,
    };
  }
  if (invalid) {
    return {
      code: "invalid_contact",
      message: `Not sent: ${channel} ${attempt.channel === "post" ? "address" : attempt.recipient} is marked invalid (${invalid.invalidReason ?? "no reason recorded"}) — record a valid contact, then resend`,
    };
  }
  return null;
}
