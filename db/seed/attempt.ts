import { computeContentSha256, type RenderedContent } from "@/db/content-hash";
import type { PlannedChannel } from "@/lib/routing/plan-channels";
import { providerFor, providerMessageIdFor, recipientFor } from "./channels";
import type { AttemptRow, BuildContext } from "./communication";
import { chooseOutcome, DAY_MS, HOUR_MS, labelFor, type Outcome, outcomeByKey, RETRY_WAIT, type Stage } from "./outcomes";
import type { ScriptStep } from "./personas";
import type { Rng } from "./random";
import { STAFF } from "./reference-data";
import type { CommunicationDraft } from "./stories";
import { FAILURE_CLASS, STATUS, type AttemptKind, type AttemptStatus } from "@/db/schema/enums";

// One attempt of a chain: its outcome (scripted or drawn), the timeline cut at `now`, the
// status, error and engagement it reached, and the row the send path would have written.

const RETRY_DUE_AFTER_MS = 2 * HOUR_MS;

export type AttemptSpec = {
  id: string;
  index: number;
  communicationId: string;
  seq: number;
  kind: AttemptKind;
  repeats: AttemptRow | null;
  /** null: no channel, a manual attempt. */
  planned: PlannedChannel | null;
  start: number;
  /** What a resend repeats; a manual attempt's reason; otherwise the seed's own template. */
  content: (recipient: string) => RenderedContent;
  /** The language `content` is written in; null for a manual attempt's reason. */
  locale: string | null;
  step?: ScriptStep;
};

export type BuiltAttempt = { row: AttemptRow; outcome: Outcome; times: Partial<Record<Stage, number>>; engagement: Engagement };

type Engagement = { opened?: number; clicked?: number; complained?: number };

export function buildAttempt(ctx: BuildContext, draft: CommunicationDraft, spec: AttemptSpec, rng: Rng): BuiltAttempt {
  const now = ctx.now.getTime();
  const { customer } = draft;
  const { planned, step, kind, start } = spec;
  const channel = planned?.channel ?? "manual";
  // A failover: the same message, to the same recipient, by the channel's other e-mail provider.
  const moved = kind === "failover" ? spec.repeats : null;
  const provider = moved ? (moved.provider === "resend" ? "sendgrid" : "resend") : providerFor(planned, customer);
  const outcome = step ? outcomeByKey(provider, step.outcome) : chooseOutcome(rng, provider, kind);
  const wrong = kind !== "resend" && Boolean(outcome.wrongRecipient) && (step !== undefined || rng.chance(0.6));
  const { recipient, postal } = moved
    ? { recipient: moved.recipient, postal: moved.recipientPostal ?? undefined }
    : recipientFor(planned, customer, wrong, rng);
  const content = spec.content(recipient);

  // Temporary errors: retried with backoff; still waiting if the backoff is not over.
  let retryCount = 0;
  let retryAt: Date | null = null;
  let stagesFrom = start;
  if (step?.retryWait || (!step && channel !== "manual" && rng.chance(0.01))) {
    retryCount = rng.int(1, 3);
    const backoff = [60_000, 300_000, 900_000].slice(0, retryCount).reduce((a, b) => a + b, 0);
    // Due hours after the seed's `now`: a freshly started app has retries pending, not due.
    if (step?.retryWait || start + backoff > now)
      retryAt = new Date(Math.max(now, start + backoff) + RETRY_DUE_AFTER_MS + rng.int(30_000, 600_000));
    else stagesFrom += backoff;
  }
  const times: Partial<Record<Stage, number>> = {};
  let reached: Stage | null = null;
  if (!retryAt && step?.stopAt !== STATUS.queued) {
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
    reached === null
      ? channel === "manual"
        ? STATUS.manual_required
        : STATUS.queued
      : reached === STATUS.failed
        ? outcome.status
        : reached;
  // A queued attempt in the demo data waits for a retry (the engine re-dispatches queued
  // attempts on start-up and hands over the due ones).
  if (status === STATUS.queued && !retryAt) retryAt = new Date(now + RETRY_DUE_AFTER_MS);
  const statusAt = reached === null ? start : times[reached]!;
  const error =
    reached === STATUS.failed
      ? { failureClass: outcome.failureClass ?? null, errorCode: outcome.errorCode ?? null, errorMessage: outcome.errorMessage ?? null }
      : retryAt
        ? { failureClass: FAILURE_CLASS.temporary, errorCode: RETRY_WAIT[channel]!.code, errorMessage: RETRY_WAIT[channel]!.message }
        : // A manual attempt carries the reason staff act on (lib/sending/create-attempt.ts).
          status === STATUS.manual_required
          ? { failureClass: null, errorCode: null, errorMessage: content.bodyText }
          : { failureClass: null, errorCode: null, errorMessage: null };
  const engagement = channel === "email" && times.delivered ? engage(rng, times.delivered, now) : {};
  const providerMessageId =
    provider !== "manual" && reached !== null && !outcome.refusedByApi ? providerMessageIdFor(ctx.seed, provider, spec.index) : null;
  const row: AttemptRow = {
    id: spec.id,
    communicationId: spec.communicationId,
    customerId: customer.id,
    seq: spec.seq,
    kind,
    repeatsAttemptId: spec.repeats?.id ?? null,
    channel,
    provider,
    category: draft.category,
    subjectRef: draft.subjectRef,
    recipient,
    recipientPostal: postal ?? null,
    ...content,
    contentSha256: computeContentSha256({ recipient, ...content }),
    locale: spec.locale,
    status,
    statusLabel: labelFor(channel, status, outcome),
    statusAt: new Date(statusAt),
    ...error,
    providerMessageId,
    retryCount: reached === STATUS.failed && outcome.retries ? outcome.retries : retryCount,
    retryAt,
    acceptedAt: date(times.accepted),
    sentAt: date(times.sent),
    deliveredAt: date(times.delivered),
    failedAt: date(times.failed),
    openedAt: date(engagement.opened),
    clickedAt: date(engagement.clicked),
    complainedAt: date(engagement.complained),
    manualNote: channel === "manual" && status === STATUS.sent ? rng.pick(MANUAL_NOTES) : null,
    createdBy: kind === "resend" ? rng.pick(STAFF) : null,
    customerName: customer.name,
    locationGroup: customer.locationGroup,
    communicationIgnoredAt: null,
    searchText: `${draft.subjectRef} ${customer.name} ${recipient}`.toLowerCase(),
    createdAt: new Date(start),
    updatedAt: new Date(Math.max(statusAt, engagement.clicked ?? engagement.opened ?? 0)),
    meta: {},
  };
  return { row, outcome, times, engagement };
}

export function date(ms: number | undefined): Date | null {
  return ms === undefined ? null : new Date(ms);
}

function engage(rng: Rng, deliveredAt: number, now: number): Engagement {
  if (!rng.chance(0.45)) return {};
  const opened = deliveredAt + rng.int(60_000, 2 * DAY_MS);
  if (opened > now) return {};
  const clicked = rng.chance(0.3) ? opened + rng.int(10_000, HOUR_MS) : undefined;
  const complained = rng.chance(0.004) ? opened + rng.int(60_000, HOUR_MS) : undefined;
  return {
    opened,
    clicked: clicked && clicked <= now ? clicked : undefined,
    complained: complained && complained <= now ? complained : undefined,
  };
}

const MANUAL_NOTES = [
  "Handed over at the front desk",
  "Sent by registered letter from the office",
  "Given to the customer during the site visit",
  "Read out over the phone and confirmed by e-mail from a personal mailbox",
];
