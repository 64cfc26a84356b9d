import { computeContentSha256 } from "@/db/content-hash";
import { type CommunicationForSending, insertAttempt } from "@/db/queries/sending";
import type { AttemptKind } from "@/lib/attempts";
import type { PlannedChannel } from "@/lib/routing/plan-channels";
import { defaultChannelLabel } from "@/lib/status";
import { renderMessage } from "@/lib/templates/render";
import type { SendingDeps } from "./deps";

// Creating an attempt: render the communication's template for the planned channel once,
// snapshot it (content + SHA-256, documents with theirs) and append it to the log. The
// snapshot is what is sent, and what a resend sends again.

export async function createPlannedAttempt(
  deps: SendingDeps,
  sending: CommunicationForSending,
  planned: PlannedChannel,
  link: { kind: AttemptKind; repeatsAttemptId?: string; createdBy?: string },
) {
  const { communication, customer } = sending;
  const rendered = await renderMessage({
    category: communication.category,
    channel: planned.channel,
    locale: communication.locale,
    subject: { type: communication.subjectType, reference: communication.subjectRef },
    customer: {
      name: customer.name,
      reference: customer.externalRef,
      postalAddress: planned.postal ?? null,
      einvoiceId: planned.channel === "einvoice" ? einvoiceId(planned) : null,
    },
    data: communication.templateData,
    issuedAt: communication.createdAt,
  });
  const provider = deps.providers.providerFor(planned.channel, planned.einvoiceNetwork);
  const content = { subject: rendered.subject, bodyText: rendered.bodyText, bodyHtml: rendered.bodyHtml };
  const { attempt, created } = await insertAttempt(deps.db, {
    communicationId: communication.id,
    attempt: {
      kind: link.kind,
      repeatsAttemptId: link.repeatsAttemptId ?? null,
      channel: planned.channel,
      provider,
      recipient: planned.contactPoint,
      recipientPostal: planned.postal ?? null,
      ...content,
      contentSha256: computeContentSha256({ recipient: planned.contactPoint, ...content }),
      status: "queued",
      statusLabel: defaultChannelLabel(planned.channel, "queued"),
      createdBy: link.createdBy ?? "system",
      meta: { templateKey: rendered.templateKey, templateVersion: rendered.templateVersion, contactPointId: planned.contactPointId },
    },
    newDocuments: rendered.documents,
    // E-mail carries the documents the billing platform supplied (the invoice PDF).
    existingDocumentIds: planned.channel === "email" ? sending.documents.map((file) => file.id) : [],
  });
  return { attemptId: attempt.id, provider: attempt.provider, status: "queued" as const, created };
}

/** No automatic channel: a manual_required attempt carrying the reason staff act on. */
export async function createManualAttempt(
  deps: SendingDeps,
  sending: CommunicationForSending,
  reason: string,
  link: { kind: AttemptKind; repeatsAttemptId?: string; createdBy?: string },
) {
  const { communication, customer } = sending;
  const content = { subject: null, bodyText: reason, bodyHtml: null };
  const recipient = customer.name;
  const { attempt, created } = await insertAttempt(deps.db, {
    communicationId: communication.id,
    attempt: {
      kind: link.kind,
      repeatsAttemptId: link.repeatsAttemptId ?? null,
      channel: "manual",
      provider: "manual",
      recipient,
      ...content,
      contentSha256: computeContentSha256({ recipient, ...content }),
      status: "manual_required",
      statusLabel: defaultChannelLabel("manual", "manual_required"),
      errorMessage: reason,
      createdBy: link.createdBy ?? "system",
    },
    newDocuments: [],
    existingDocumentIds: [],
  });
  return { attemptId: attempt.id, provider: attempt.provider, status: "manual_required" as const, created };
}

function einvoiceId(planned: PlannedChannel) {
  if (planned.einvoiceNetwork === "chorus_pro") return { scheme: "0009", value: planned.contactPoint };
  const [scheme = "", ...rest] = planned.contactPoint.split(":");
  return { scheme, value: rest.join(":") };
}
