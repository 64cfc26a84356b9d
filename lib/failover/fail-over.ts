import { recordFailover } from "@/db/queries/failover-writes";
import { listAttemptDocumentIds } from "@/db/queries/sending-reads";
import type { attempts } from "@/db/schema";
import { PROVIDER_NAMES } from "@/lib/attempts";
import { defaultChannelLabel, FAILED_OVER_LABEL, type Provider, STATUS, UNCERTAIN_TRY } from "@/lib/status";
import type { Db } from "@/db/client";
import { ROUTE_PROBE } from "./routing";

// Moving a queued attempt to another provider of its channel: the same content snapshot —
// recipient, subject, body, documents, language, hash — handed to `to` by a new attempt of
// kind `failover` linked to it; the attempt itself closes as moved. Its recipient is
// checked again at the new attempt's own hand-over (suppressions are per address, not per
// provider), and the new provider gets the new attempt's id as idempotency key: one
// provider at a time holds the message.

type AttemptRow = typeof attempts.$inferSelect;

export async function failOverAttempt(db: Db, params: { attempt: AttemptRow; to: Provider; at: Date; owner: string }) {
  const { attempt, to, at } = params;
  // The new attempt is no probe of the primary, whatever the moved one was.
  const meta = { ...attempt.meta };
  delete meta[ROUTE_PROBE];
  delete meta[UNCERTAIN_TRY];
  const from = PROVIDER_NAMES[attempt.provider];
  const why = attempt.errorMessage ? `${from} could not take it (${attempt.errorMessage})` : `${from} is unhealthy`;
  return recordFailover(db, {
    attemptId: attempt.id,
    label: FAILED_OVER_LABEL,
    errorMessage: `${FAILED_OVER_LABEL}: ${why} — handed to ${PROVIDER_NAMES[to]} with the same content`,
    at,
    owner: params.owner,
    failover: {
      communicationId: attempt.communicationId,
      attempt: {
        kind: "failover",
        repeatsAttemptId: attempt.id,
        createdBy: "system",
        channel: attempt.channel,
        provider: to,
        recipient: attempt.recipient,
        recipientPostal: attempt.recipientPostal,
        subject: attempt.subject,
        bodyText: attempt.bodyText,
        bodyHtml: attempt.bodyHtml,
        contentSha256: attempt.contentSha256,
        locale: attempt.locale,
        status: STATUS.queued,
        statusLabel: defaultChannelLabel(attempt.channel, STATUS.queued),
        meta: { ...meta, failoverFrom: attempt.id },
      },
      newDocuments: [],
      existingDocumentIds: await listAttemptDocumentIds(db, { attemptId: attempt.id }),
    },
  });
}
