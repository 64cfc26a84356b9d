import { computeContentSha256, type RenderedContent } from "@/db/content-hash";
import type { PostalAddress } from "@/db/schema/customers";
import { insertAttempt, type InsertAttemptParams } from "@/db/queries/attempt-inserts";
import type { CommunicationForSending } from "@/db/queries/sending-reads";
import type { PlannedChannel } from "@/lib/routing/plan-channels";
import type { EinvoiceNetwork } from "@/lib/routing/contact-validation";
import { type AttemptKind, type Channel, defaultChannelLabel, FAILURE_CLASS, type Provider, STATUS } from "@/lib/status";
import { HeraldError } from "@/lib/errors";
import { type RenderedMessage, renderMessage } from "@/lib/templates/render";
import type { SendingDeps } from "./deps";
import { ROUTE_PROBE } from "@/lib/failover/routing";

// Creating an attempt: render the communication's template for the planned channel once,
// snapshot it (content + SHA-256, documents with theirs) and append it to the log. The
// snapshot is what is sent, and what a resend sends again. The create… functions return
// the attempt row (an existing one when insertAttempt found this attempt already made);
// the …Attempt ones return what to insert, for a batch (lib/sending/start-communication.ts).

export async function createPlannedAttempt(
  deps: SendingDeps,
  sending: CommunicationForSending,
  planned: PlannedChannel,
  link: AttemptLink,
) {
  return (await insertAttempt(deps.db, await plannedAttempt(deps, sending, planned, link))).attempt;
}

/** No automatic channel: a manual_required attempt carrying the reason staff act on. */
export async function createManualAttempt(deps: SendingDeps, sending: CommunicationForSending, reason: string, link: AttemptLink) {
  return (await insertAttempt(deps.db, manualAttempt(sending, reason, link))).attempt;
}

/** The attempt on the planned channel, rendered and snapshotted, ready to insert. */
export async function plannedAttempt(
  deps: SendingDeps,
  sending: CommunicationForSending,
  planned: PlannedChannel,
  link: AttemptLink,
): Promise<InsertAttemptParams> {
  const { communication, customer } = sending;
  const { provider, probe } = await providerForNewAttempt(deps, planned.channel, planned.einvoiceNetwork);
  let rendered: RenderedMessage;
  try {
    rendered = await renderMessage({
      category: communication.category,
      channel: planned.channel,
      locale: communication.locale,
      subject: { type: communication.subjectType, reference: communication.subjectRef },
      customer: {
        name: customer.name,
        reference: customer.externalRef,
        country: customer.country,
        postalAddress: planned.postal ?? null,
        einvoiceId: planned.channel === "einvoice" ? einvoiceId(planned) : null,
      },
      data: communication.templateData,
      issuedAt: communication.createdAt,
    });
  } catch (error) {
    // Bad template data is the content's problem: recorded on a rejected attempt for staff
    // to fix, never retried, never a fallback (another channel renders the same data).
    if (!(error instanceof HeraldError)) throw error;
    return unrenderableAttempt(sending, planned, provider, error, link);
  }
  return {
    communicationId: communication.id,
    attempt: {
      ...linkFields(link),
      channel: planned.channel,
      provider,
      ...snapshotOf(planned.contactPoint, planned.postal, rendered),
      locale: rendered.locale,
      status: STATUS.queued,
      statusLabel: defaultChannelLabel(planned.channel, STATUS.queued),
      meta: {
        templateKey: rendered.templateKey,
        templateVersion: rendered.templateVersion,
        contactPointId: planned.contactPointId,
        ...(probe ? { [ROUTE_PROBE]: true } : {}),
      },
    },
    newDocuments: rendered.documents,
    // E-mail carries the documents the billing platform supplied (the invoice PDF).
    existingDocumentIds: planned.channel === "email" ? sending.documents.map((file) => file.id) : [],
    bulkJobId: link.bulkJobId,
  };
}

/** A manual_required attempt carrying the reason staff act on, ready to insert. */
export function manualAttempt(sending: CommunicationForSending, reason: string, link: AttemptLink): InsertAttemptParams {
  const { communication, customer } = sending;
  return {
    communicationId: communication.id,
    attempt: {
      ...linkFields(link),
      channel: "manual",
      provider: "manual",
      ...snapshotOf(customer.name, null, { subject: null, bodyText: reason, bodyHtml: null }),
      status: STATUS.manual_required,
      statusLabel: defaultChannelLabel("manual", STATUS.manual_required),
      errorMessage: reason,
    },
    newDocuments: [],
    existingDocumentIds: [],
    bulkJobId: link.bulkJobId,
  };
}

function unrenderableAttempt(
  sending: CommunicationForSending,
  planned: PlannedChannel,
  provider: Provider,
  error: HeraldError,
  link: AttemptLink,
): InsertAttemptParams {
  return {
    communicationId: sending.communication.id,
    attempt: {
      ...linkFields(link),
      channel: planned.channel,
      provider,
      // Nothing was rendered, so nothing was sent: an empty snapshot.
      ...snapshotOf(planned.contactPoint, planned.postal, { subject: null, bodyText: "", bodyHtml: null }),
      status: STATUS.rejected,
      statusLabel: defaultChannelLabel(planned.channel, STATUS.rejected),
      failureClass: FAILURE_CLASS.permanent_content,
      errorCode: error.code,
      errorMessage: `Not sent: the message could not be rendered — ${error.message}. Correct the communication's data, then send it again.`,
      failedAt: new Date(),
    },
    newDocuments: [],
    existingDocumentIds: [],
    bulkJobId: link.bulkJobId,
  };
}

/** The provider an attempt created now goes to: the channel's route when it fails over, else the configured one. */
export async function providerForNewAttempt(deps: SendingDeps, channel: Exclude<Channel, "manual">, network?: EinvoiceNetwork) {
  const routed = await deps.failover?.providerFor(deps.db, channel, deps.now?.() ?? new Date());
  return routed ?? { provider: deps.providers.providerFor(channel, network), probe: false };
}

export type AttemptLink = { kind: AttemptKind; repeatsAttemptId?: string; createdBy?: string; bulkJobId?: string };

function linkFields(link: AttemptLink) {
  return { kind: link.kind, repeatsAttemptId: link.repeatsAttemptId ?? null, createdBy: link.createdBy ?? "system" };
}

/** The immutable part of an attempt: to whom, what, and the hash that proves it. */
export function snapshotOf(recipient: string, postal: PostalAddress | null | undefined, content: RenderedContent) {
  const { subject, bodyText, bodyHtml } = content;
  return {
    recipient,
    recipientPostal: postal ?? null,
    subject,
    bodyText,
    bodyHtml,
    contentSha256: computeContentSha256({ recipient, subject, bodyText, bodyHtml }),
  };
}

function einvoiceId(planned: PlannedChannel) {
  if (planned.einvoiceNetwork === "chorus_pro") return { scheme: "0009", value: planned.contactPoint };
  const [scheme = "", ...rest] = planned.contactPoint.split(":");
  return { scheme, value: rest.join(":") };
}
