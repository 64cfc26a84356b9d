import type { attemptDocuments, attempts, auditEvents, communications, documents } from "@/db/schema";
import { providerFor, providerMessageIdFor, recipientFor } from "./channels";
import { computeContentSha256, type RenderedContent, sha256Hex } from "@/db/content-hash";
import { renderContent, templateLocaleFor } from "./content";
import { planChannels } from "./customers";
import { buildPdf, buildUblInvoice } from "./documents";
import { chooseOutcome, DAY_MS, HOUR_MS, labelFor, outcomeByKey, RETRY_WAIT, type Stage } from "./outcomes";
import { type EventTimes, providerEventRows, type ProviderEventRow } from "./provider-events";
import { type Rng, seededUuid, STREAM } from "./random";
import { IGNORE_REASONS, STAFF } from "./reference-data";
import type { CommunicationDraft } from "./stories";
import type { AttemptKind, AttemptStatus, Channel } from "./types";

const RETRY_DUE_AFTER_MS = 2 * HOUR_MS;

// Turns one drafted communication into its rows: the attempt chain (first send, then
// automatic fallbacks along the channel plan and staff resends), documents, provider
// events and audit events, and the communication row denormalised from its latest
// attempt — the same shape the send path produces.

export type SeedRows = {
  communications: (typeof communications.$inferInsert)[];
  attempts: (typeof attempts.$inferInsert)[];
  documents: (typeof documents.$inferInsert)[];
  attemptDocuments: (typeof attemptDocuments.$inferInsert)[];
  providerEvents: ProviderEventRow[];
  auditEvents: Omit<typeof auditEvents.$inferInsert, "id">[];
};

export type BuildContext = { seed: number; now: Date; retentionSince: Date; sellerEndpoint: string };

/** Attempt ids are derived from communication index × this, so it caps a chain's length. */
export const MAX_ATTEMPTS = 4;

type AttemptRow = SeedRows["attempts"][number];

export function buildCommunication(ctx: BuildContext, draft: CommunicationDraft, commIndex: number, rng: Rng, detail: boolean, out: SeedRows): void {
  const now = ctx.now.getTime();
  const { customer } = draft;
  const id = seededUuid(ctx.seed, STREAM.communicationId, commIndex);
  const locale = templateLocaleFor(customer.locale);
  const plan = planChannels(customer, draft.category, draft.channelOverride);
  const docs = detail && draft.document && !draft.collectingData ? addDocuments(ctx, id, commIndex, draft, out) : null;
  const chain: AttemptRow[] = [];

  let channel: Channel = plan.channels[0] ?? "manual";
  let kind: AttemptKind = "first";
  let start = draft.createdAt.getTime() + rng.int(1_000, 20_000);
  let previous: { row: AttemptRow; content: RenderedContent } | null = null;
  for (let seq = 1; seq <= MAX_ATTEMPTS && !draft.collectingData; seq++) {
    const step = draft.script?.[seq - 1];
    if (draft.script && !step) break;
    const index = commIndex * MAX_ATTEMPTS + seq - 1;
    const attemptId = seededUuid(ctx.seed, STREAM.attemptId, index);
    const provider = providerFor(channel, customer);
    const outcome = step ? outcomeByKey(provider, step.outcome) : chooseOutcome(rng, provider, kind);
    const wrong = kind !== "resend" && Boolean(outcome.wrongRecipient) && (step !== undefined || rng.chance(0.6));
    const { recipient, postal } = recipientFor(channel, customer, wrong, rng);
    const content: RenderedContent = kind === "resend" && previous ? previous.content : renderContent(draft.category, channel, locale, draft.vars);

    // Temporary errors: retried with backoff; still waiting if the backoff is not over.
    let retryCount = 0;
    let retryAt: Date | null = null;
    let stagesFrom = start;
    if (step?.retryWait || (!step && channel !== "manual" && rng.chance(0.01))) {
      retryCount = rng.int(1, 3);
      const backoff = [60_000, 300_000, 900_000].slice(0, retryCount).reduce((a, b) => a + b, 0);
      // Due hours after the seed's `now`: a freshly started app has retries pending, not due.
      if (step?.retryWait || start + backoff > now) retryAt = new Date(Math.max(now, start + backoff) + RETRY_DUE_AFTER_MS + rng.int(30_000, 600_000));
      else stagesFrom += backoff;
    }
    const times: Partial<Record<Stage, number>> = {};
    let reached: Stage | null = null;
    if (!retryAt && step?.stopAt !== "queued") {
      let t = stagesFrom;
      for (const [stage, min, max] of outcome.stages) {
        t += rng.int(min, max);
        if (t > now) break;
        times[stage] = t;
        reached = stage;
        if (step?.stopAt === stage) break;
      }
    }
    const status: AttemptStatus =
      reached === null ? (channel === "manual" ? "manual_required" : "queued") : reached === "failed" ? outcome.status : reached;
    // A queued attempt in the demo data waits for a retry (the engine re-dispatches queued
    // attempts on start-up and hands over the due ones).
    if (status === "queued" && !retryAt) retryAt = new Date(now + RETRY_DUE_AFTER_MS);
    const statusAt = reached === null ? start : times[reached]!;
    const error =
      reached === "failed" ? { failureClass: outcome.failureClass ?? null, errorCode: outcome.errorCode ?? null, errorMessage: outcome.errorMessage ?? null }
      : retryAt ? { failureClass: "temporary" as const, errorCode: RETRY_WAIT[channel]!.code, errorMessage: RETRY_WAIT[channel]!.message }
      : status === "manual_required" && plan.emptyReason ? NO_CHANNEL[plan.emptyReason]
      : { failureClass: null, errorCode: null, errorMessage: null };
    const engagement = channel === "email" && times.delivered ? engage(rng, times.delivered, now) : {};
    const providerMessageId = provider !== "manual" && reached !== null && !outcome.refusedByApi ? providerMessageIdFor(ctx.seed, provider, index) : null;
    const staff = kind === "resend" ? rng.pick(STAFF) : null;
    const row: AttemptRow = {
      id: attemptId,
      communicationId: id,
      customerId: customer.id,
      seq,
      kind,
      repeatsAttemptId: kind === "first" ? null : (previous?.row.id ?? null),
      channel,
      provider,
      category: draft.category,
      subjectRef: draft.subjectRef,
      recipient,
      recipientPostal: postal ?? null,
      subject: content.subject,
      bodyText: content.bodyText,
      bodyHtml: content.bodyHtml,
      contentSha256: computeContentSha256({ recipient, ...content }),
      status,
      statusLabel: labelFor(channel, status, outcome),
      statusAt: new Date(statusAt),
      ...error,
      providerMessageId,
      retryCount: reached === "failed" && outcome.retries ? outcome.retries : retryCount,
      retryAt,
      acceptedAt: date(times.accepted),
      sentAt: date(times.sent),
      deliveredAt: date(times.delivered),
      failedAt: date(times.failed),
      openedAt: date(engagement.opened),
      clickedAt: date(engagement.clicked),
      complainedAt: date(engagement.complained),
      manualNote: channel === "manual" && status === "sent" ? rng.pick(MANUAL_NOTES) : null,
      createdBy: staff,
      customerName: customer.name,
      locationGroup: customer.locationGroup,
      communicationIgnoredAt: null,
      searchText: `${draft.subjectRef} ${customer.name} ${recipient}`.toLowerCase(),
      createdAt: new Date(start),
      updatedAt: new Date(Math.max(statusAt, engagement.clicked ?? engagement.opened ?? 0)),
      meta: {},
    };
    chain.push(row);
    out.attempts.push(row);
    if (docs) linkDocuments(docs, row, out);
    if (staff) {
      out.auditEvents.push({ actorType: "staff", actorId: staff, action: "attempt.resent", targetType: "communication", targetId: id, data: { attemptId, repeats: row.repeatsAttemptId }, createdAt: new Date(start) });
    }
    if (detail && providerMessageId) {
      const eventTimes: EventTimes = { ...mapDates(times), opened: date(engagement.opened) ?? undefined, clicked: date(engagement.clicked) ?? undefined };
      out.providerEvents.push(...providerEventRows(ctx.seed, {
        id: attemptId, index, communicationId: id, provider, providerMessageId, recipient, subject: content.subject,
        subjectRef: draft.subjectRef, category: draft.category, createdAt: new Date(start), outcome, times: eventTimes, link: draft.vars.link ?? "",
      }, ctx.retentionSince));
    }
    previous = { row, content };

    // What happens next: the scripted step, an automatic fallback, a staff resend, or nothing.
    const failedAt = times.failed;
    const next = draft.script?.[seq];
    if (next) {
      kind = next.kind;
      if (next.kind === "fallback") channel = nextChannel(plan.channels, channel) ?? channel;
      start = next.kind === "fallback" ? (failedAt ?? statusAt) + rng.int(2_000, 30_000) : statusAt + (next.after ?? DAY_MS);
    } else if (draft.script) {
      break;
    } else if (failedAt !== undefined) {
      const fallbackTo = outcome.fallback ? nextChannel(plan.channels, channel) : undefined;
      if (fallbackTo) {
        kind = "fallback";
        channel = fallbackTo;
        start = failedAt + rng.int(2_000, 30_000);
      } else if (rng.chance(0.35)) {
        kind = "resend";
        start = failedAt + rng.int(2 * HOUR_MS, 3 * DAY_MS);
      } else break;
    } else if ((status === "delivered" || status === "sent") && rng.chance(0.02)) {
      kind = "resend";
      start = statusAt + rng.int(DAY_MS, 20 * DAY_MS);
    } else break;
    if (start > now) break;
  }

  const latest = chain[chain.length - 1];
  const lastActivityAt = latest?.statusAt ?? draft.createdAt;
  let ignored: { at: Date; by: string; reason: string } | null = null;
  if (latest && (latest.status === "failed" || latest.status === "rejected" || latest.status === "manual_required") && (draft.ignore ?? rng.chance(0.12))) {
    const at = Math.min(lastActivityAt.getTime() + rng.int(HOUR_MS, 6 * DAY_MS), now - 60_000);
    if (at > lastActivityAt.getTime()) ignored = { at: new Date(at), by: rng.pick(STAFF), reason: rng.pick(IGNORE_REASONS) };
  }
  if (ignored) {
    for (const row of chain) row.communicationIgnoredAt = ignored.at;
    out.auditEvents.push({ actorType: "staff", actorId: ignored.by, action: "communication.ignored", targetType: "communication", targetId: id, data: { reason: ignored.reason }, createdAt: ignored.at });
  }
  const recipients = [...new Set(chain.map((a) => a.recipient))];
  out.communications.push({
    id,
    customerId: customer.id,
    subjectType: draft.subjectType,
    subjectRef: draft.subjectRef,
    category: draft.category,
    templateKey: draft.category,
    locale,
    templateData: draft.templateData,
    channelOverride: draft.channelOverride ?? null,
    status: latest?.status ?? "queued",
    statusLabel: latest?.statusLabel ?? null,
    channel: latest?.channel ?? null,
    lastError: latest?.errorMessage ?? null,
    attemptCount: chain.length,
    lastActivityAt,
    collectingData: Boolean(draft.collectingData),
    ignoredAt: ignored?.at ?? null,
    ignoredBy: ignored?.by ?? null,
    ignoredReason: ignored?.reason ?? null,
    idempotencyKey: rng.chance(0.85) ? `billing:${id}` : null,
    requestHash: null,
    customerName: customer.name,
    locationGroup: customer.locationGroup,
    searchText: [draft.subjectRef, customer.name, ...recipients].join(" ").toLowerCase(),
    createdAt: draft.createdAt,
    updatedAt: ignored && ignored.at > lastActivityAt ? ignored.at : lastActivityAt,
  });
}

type SeedDocument = { id: string; sha256: string; kind: "pdf" | "ubl" };

function addDocuments(ctx: BuildContext, communicationId: string, commIndex: number, draft: CommunicationDraft, out: SeedRows): SeedDocument[] {
  const facts = draft.document!;
  const files: { kind: SeedDocument["kind"]; file: ReturnType<typeof buildPdf> }[] = [{ kind: "pdf", file: buildPdf(facts) }];
  const einvoice = draft.customer.contacts.einvoice;
  if (einvoice?.address.includes(":") && draft.subjectType === "invoice") {
    const file = buildUblInvoice({ ...facts, amount: facts.amountValue, sellerEndpoint: ctx.sellerEndpoint, buyerEndpoint: einvoice.address });
    files.push({ kind: "ubl", file });
  }
  return files.map(({ kind, file }, k) => {
    const doc = { id: seededUuid(ctx.seed, STREAM.documentId, commIndex * 2 + k), sha256: sha256Hex(file.content), kind };
    out.documents.push({
      id: doc.id, communicationId, filename: file.filename, contentType: file.contentType,
      byteSize: file.content.byteLength, sha256: doc.sha256, content: file.content, createdAt: draft.createdAt,
    });
    return doc;
  });
}

// E-mail and post carry the PDF; Peppol carries the UBL (Chorus Pro takes the PDF);
// SMS and manual carry none.
function linkDocuments(docs: SeedDocument[], attempt: AttemptRow, out: SeedRows): void {
  if (attempt.channel === "sms" || attempt.channel === "manual") return;
  const wantsUbl = attempt.channel === "einvoice" && attempt.provider === "peppol";
  const doc = docs.find((d) => d.kind === (wantsUbl ? "ubl" : "pdf")) ?? docs[0];
  if (doc) out.attemptDocuments.push({ attemptId: attempt.id!, documentId: doc.id, position: 0, sha256: doc.sha256 });
}

function engage(rng: Rng, deliveredAt: number, now: number): { opened?: number; clicked?: number; complained?: number } {
  if (!rng.chance(0.45)) return {};
  const opened = deliveredAt + rng.int(60_000, 2 * DAY_MS);
  if (opened > now) return {};
  const clicked = rng.chance(0.3) ? opened + rng.int(10_000, HOUR_MS) : undefined;
  const complained = rng.chance(0.004) ? opened + rng.int(60_000, HOUR_MS) : undefined;
  return { opened, clicked: clicked && clicked <= now ? clicked : undefined, complained: complained && complained <= now ? complained : undefined };
}

function nextChannel(plan: Channel[], current: Channel): Channel | undefined {
  const index = plan.indexOf(current);
  return index >= 0 ? plan[index + 1] : undefined;
}

function mapDates(times: Partial<Record<Stage, number>>): EventTimes {
  return { accepted: date(times.accepted) ?? undefined, sent: date(times.sent) ?? undefined, delivered: date(times.delivered) ?? undefined, failed: date(times.failed) ?? undefined };
}

function date(ms: number | undefined): Date | null {
  return ms === undefined ? null : new Date(ms);
}

const NO_CHANNEL = {
  missing_contact: {
    failureClass: null, errorCode: "no_channel",
    errorMessage: "No channel available: contact details are missing or invalid — complete the customer's e-mail, mobile or postal address, or send it by hand",
  },
  opted_out: {
    failureClass: null, errorCode: "all_opted_out",
    errorMessage: "Every preferred channel is opted out for this category — contact the customer, or send it by hand",
  },
} as const;

const MANUAL_NOTES = [
  "Handed over at the front desk",
  "Sent by registered letter from the office",
  "Given to the customer during the site visit",
  "Read out over the phone and confirmed by e-mail from a personal mailbox",
];
