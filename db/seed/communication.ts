import type { attemptDocuments, attempts, auditEvents, communications, documents } from "@/db/schema";
import type { PlannedChannel } from "@/lib/routing/plan-channels";
import { fallbackTarget, noFallbackReason } from "@/lib/sending/fallback-rule";
import { buildAttempt, type BuiltAttempt, date } from "./attempt";
import { renderContent, templateLocaleFor } from "./content";
import { addDocuments, letterRequest, linkDocuments } from "./communication-documents";
import type { LetterRequest } from "./letters";
import { DAY_MS, HOUR_MS, type Stage } from "./outcomes";
import { planFor } from "./plan";
import type { EventTimes } from "./provider-event-spec";
import { providerEventRows, type ProviderEventRow } from "./provider-events";
import { type Rng, seededUuid, STREAM } from "./random";
import { IGNORE_REASONS, STAFF } from "./reference-data";
import type { CommunicationDraft } from "./stories";
import { FAILED_OVER_CODE, STATUS, type AttemptKind } from "@/db/schema/enums";
import { seededSuppression, type SuppressionRow } from "./suppressions";

// Turns one drafted communication into its rows: the attempt chain (first send, then the
// fallbacks the engine makes along the channel plan, and staff resends), documents,
// provider events and audit events, and the communication row denormalised from its
// latest attempt — the same shape the send path produces.

export type SeedRows = {
  communications: (typeof communications.$inferInsert)[];
  attempts: (typeof attempts.$inferInsert)[];
  documents: (typeof documents.$inferInsert)[];
  attemptDocuments: (typeof attemptDocuments.$inferInsert)[];
  providerEvents: ProviderEventRow[];
  auditEvents: Omit<typeof auditEvents.$inferInsert, "id">[];
  suppressions: SuppressionRow[];
};

export type BuildContext = { seed: number; now: Date; retentionSince: Date; sellerEndpoint: string };

/**
 * Attempt ids are derived from communication index × this, so it caps a chain's length:
 * a plan of at most three channels failing in turn, the manual fallback and one resend.
 */
export const MAX_ATTEMPTS = 5;

export type AttemptRow = SeedRows["attempts"][number];

/** Builds the rows into `out`; returns the letter to render when a detail row went by post. */
export function buildCommunication(
  ctx: BuildContext,
  draft: CommunicationDraft,
  commIndex: number,
  rng: Rng,
  detail: boolean,
  out: SeedRows,
): LetterRequest | null {
  const now = ctx.now.getTime();
  const { customer } = draft;
  const id = seededUuid(ctx.seed, STREAM.communicationId, commIndex);
  const locale = templateLocaleFor(customer.locale);
  const { plan, manualMessage } = planFor(customer, draft.category, draft.channelOverride);
  const docs = detail && draft.document && !draft.collectingData ? addDocuments(ctx, id, commIndex, draft, out) : null;
  const chain: AttemptRow[] = [];
  let letter: LetterRequest | null = null;

  let planned: PlannedChannel | null = plan[0] ?? null;
  let kind: AttemptKind = "first";
  let repeats: AttemptRow | null = null;
  let manualReason = manualMessage ?? "No channel to send on";
  let resent = false;
  let start = draft.createdAt.getTime() + rng.int(1_000, 20_000);
  for (let seq = 1; seq <= MAX_ATTEMPTS && !draft.collectingData; seq++) {
    const step = draft.script?.[seq - 1];
    if (draft.script && !step) break;
    const index = commIndex * MAX_ATTEMPTS + seq - 1;
    // A resend repeats its content; a failover carries the very same snapshot.
    const source = kind === "resend" || kind === "failover" ? repeats : null;
    const reason = manualReason;
    const built = buildAttempt(
      ctx,
      draft,
      {
        id: seededUuid(ctx.seed, STREAM.attemptId, index),
        index,
        communicationId: id,
        seq,
        kind,
        repeats,
        planned,
        start,
        step,
        content: () =>
          source
            ? { subject: source.subject ?? null, bodyText: source.bodyText, bodyHtml: source.bodyHtml ?? null }
            : planned
              ? renderContent(draft.category, planned.channel, locale, draft.vars)
              : { subject: null, bodyText: reason, bodyHtml: null },
        locale: source ? (source.locale ?? null) : planned ? locale : null,
      },
      rng,
    );
    const { row, times } = built;
    chain.push(row);
    out.attempts.push(row);
    if (row.channel === "post" && detail) {
      if (source && letter) letter.attempts.push(row);
      else letter = letterRequest(ctx, draft, id, commIndex, row);
    } else if (docs) linkDocuments(docs, row, out);
    const suppression = seededSuppression(
      { id: row.id!, channel: row.channel!, provider: row.provider!, recipient: row.recipient },
      built.outcome,
      times.failed,
      built.engagement.complained,
    );
    if (suppression) out.suppressions.push(suppression);
    if (row.createdBy) {
      out.auditEvents.push({
        actorType: "staff",
        actorId: row.createdBy,
        action: "attempt.resent",
        targetType: "communication",
        targetId: id,
        data: { attemptId: row.id!, repeats: row.repeatsAttemptId },
        createdAt: new Date(start),
      });
    }
    if (detail && row.providerMessageId) addProviderEvents(ctx, draft, built, index, out);

    // What happens next (lib/sending/fallback-rule.ts): a failure that is not the content's
    // falls back at once, to the next channel of the plan or to manual handling; otherwise
    // staff may resend (once here), or nothing happens.
    const statusAt = row.statusAt!.getTime();
    const next = draft.script?.[seq];
    // Moved to the channel's other provider (lib/failover): its failover attempt follows at once.
    if (row.errorCode === FAILED_OVER_CODE && times.failed !== undefined) {
      if (draft.script && next?.kind !== "failover") throw new Error(`Showcase ${draft.subjectRef}: step ${seq + 1} must be the failover`);
      kind = "failover";
      repeats = row;
      start = Math.min(times.failed + rng.int(500, 2_000), now);
      continue;
    }
    const owesFallback =
      times.failed !== undefined && noFallbackReason({ status: row.status!, failureClass: row.failureClass ?? null }) === null;
    if (owesFallback) {
      if (draft.script && next?.kind !== "fallback")
        throw new Error(`Showcase ${draft.subjectRef}: step ${seq + 1} must be the fallback the engine makes`);
      const target = fallbackTarget({
        plan,
        failedChannel: row.channel!,
        attempts: chain.map((a) => ({ channel: a.channel!, status: a.status!, errorCode: a.errorCode })),
      });
      planned = "next" in target ? target.next : null;
      if ("manualReason" in target) manualReason = target.manualReason;
      kind = "fallback";
      repeats = row;
      // The engine falls back as the failure arrives: never later than `now`.
      start = Math.min(times.failed! + rng.int(2_000, 30_000), now);
      continue;
    }
    if (draft.script && !next) break;
    if (next?.kind === "fallback") throw new Error(`Showcase ${draft.subjectRef}: step ${seq + 1} is a fallback the engine would not make`);
    if (!next && (resent || row.channel === "manual" || !wantsResend(rng, row.status!))) break;
    // A resend repeats the latest attempt that sent something: a manual one has no content.
    repeats = chain.findLast((a) => a.channel !== "manual") ?? row;
    planned = plan.find((p) => p.channel === repeats!.channel) ?? planned;
    kind = "resend";
    resent = true;
    start = statusAt + (next?.after ?? (times.failed !== undefined ? rng.int(2 * HOUR_MS, 3 * DAY_MS) : rng.int(DAY_MS, 20 * DAY_MS)));
    if (start > now) break;
  }

  const latest = chain[chain.length - 1];
  const lastActivityAt = latest?.statusAt ?? draft.createdAt;
  let ignored: { at: Date; by: string; reason: string } | null = null;
  if (
    latest &&
    (latest.status === STATUS.failed || latest.status === STATUS.rejected || latest.status === STATUS.manual_required) &&
    (draft.ignore ?? rng.chance(0.12))
  ) {
    const at = Math.min(lastActivityAt.getTime() + rng.int(HOUR_MS, 6 * DAY_MS), now - 60_000);
    if (at > lastActivityAt.getTime()) ignored = { at: new Date(at), by: rng.pick(STAFF), reason: rng.pick(IGNORE_REASONS) };
  }
  if (ignored) {
    for (const row of chain) row.communicationIgnoredAt = ignored.at;
    out.auditEvents.push({
      actorType: "staff",
      actorId: ignored.by,
      action: "communication.ignored",
      targetType: "communication",
      targetId: id,
      data: { reason: ignored.reason },
      createdAt: ignored.at,
    });
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
    status: latest?.status ?? STATUS.queued,
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
  return letter;
}

/** Staff resend after a content fix now and then, and rarely repeat a successful send. */
function wantsResend(rng: Rng, status: string): boolean {
  if (status === "failed" || status === "rejected") return rng.chance(0.35);
  return (status === "delivered" || status === "sent") && rng.chance(0.02);
}

function addProviderEvents(ctx: BuildContext, draft: CommunicationDraft, built: BuiltAttempt, index: number, out: SeedRows): void {
  const { row, times, engagement, outcome } = built;
  const eventTimes: EventTimes = {
    ...mapDates(times),
    opened: date(engagement.opened) ?? undefined,
    clicked: date(engagement.clicked) ?? undefined,
  };
  out.providerEvents.push(
    ...providerEventRows(
      ctx.seed,
      {
        id: row.id!,
        index,
        communicationId: row.communicationId,
        provider: row.provider!,
        providerMessageId: row.providerMessageId!,
        recipient: row.recipient,
        subject: row.subject ?? null,
        subjectRef: draft.subjectRef,
        category: draft.category,
        createdAt: row.createdAt!,
        outcome,
        times: eventTimes,
        link: draft.vars.link ?? "",
      },
      ctx.retentionSince,
    ),
  );
}

function mapDates(times: Partial<Record<Stage, number>>): EventTimes {
  return {
    accepted: date(times.accepted) ?? undefined,
    sent: date(times.sent) ?? undefined,
    delivered: date(times.delivered) ?? undefined,
    failed: date(times.failed) ?? undefined,
  };
}
