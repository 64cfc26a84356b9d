import type { Db } from "@/db/client";
import { listUnresolvedProviderEvents } from "@/db/queries/provider-events";
import {
  countStuckAttempts,
  countUnresolvedProviderEvents,
  getLastProviderEventTimes,
  listStuckAttempts,
  type StuckRule,
} from "@/db/queries/tracking-health";
import { type OutboxSummary, summariseOutbox } from "@/db/queries/outbox";
import { getLatestReconciliationRun } from "@/db/queries/reconciliation";
import { readInboxBacklog } from "@/db/queries/webhook-inbox";
import { listWebhookRejections } from "@/db/queries/webhook-rejections";
import type { ReconciliationProviderSummary } from "@/db/schema/reconciliation-runs";
import { WITHOUT_STATUS_API } from "@/lib/providers/status/unsupported";
import { providerEnum } from "@/db/schema/enums";
import { AWAITING_FEEDBACK_STATUSES, type AwaitingFeedbackStatus, type Provider } from "@/lib/status";

// Tracking health: is each provider's feedback still arriving? Served to the page
// (app/(staff)/communications/tracking-health.tsx) and to GET /api/tracking-health.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * How long an attempt may sit in a status before it counts as stuck, per provider: e-mail
 * and SMS report within minutes; letters take days to be posted; e-invoices wait on the
 * buyer's platform. Sent is final for what a provider never reports past: a Pingen letter
 * (untracked post) and a Peppol transmission (the buyer's MLS is optional until 2027);
 * Chorus Pro does report "made available", so its Sent can be stuck.
 */
export const EXPECTED_FEEDBACK_DELAY: Record<Provider, Partial<Record<AwaitingFeedbackStatus, number>>> = {
  resend: { accepted: 2 * HOUR, sent: 2 * HOUR },
  sendgrid: { accepted: 2 * HOUR, sent: 2 * HOUR },
  twilio: { accepted: 30 * MINUTE, sent: 6 * HOUR },
  pingen: { accepted: 3 * DAY },
  peppol: { accepted: DAY },
  chorus_pro: { accepted: DAY, sent: 5 * DAY },
  manual: {},
};

const TRACKED_PROVIDERS = providerEnum.enumValues.filter((provider) => provider !== "manual");

export type ProviderTrackingHealth = {
  provider: Provider;
  lastEventAt: Date | null;
  stuckAttempts: number;
  unknownMessageEvents: number;
  unrecognisedEvents: number;
  rejectedRequests: { invalidSignature: number; payloadTooLarge: number; lastAt: Date | null; lastDetail: string | null };
  /** Its webhook secret is configured: a refused request may be its own feedback, lost. */
  webhookConfigured: boolean;
};

/**
 * `configuredProviders`: the webhook providers with a configured secret
 * (lib/webhooks/verify.ts); refused requests to the others are strangers' — noise.
 */
export async function getTrackingHealth(
  db: Db,
  params: { now: Date; unresolvedLimit: number; stuckLimit?: number; configuredProviders?: readonly Provider[] },
) {
  const rules: StuckRule[] = Object.entries(EXPECTED_FEEDBACK_DELAY).flatMap(([provider, delays]) =>
    Object.entries(delays).map(([status, delay]) => ({
      provider: provider as Provider,
      status: status as AwaitingFeedbackStatus,
      statusBefore: new Date(params.now.getTime() - delay),
    })),
  );
  const [lastEvents, stuck, unresolved, rejections, recentUnresolved, longestStuck, lastRun, jobs, inbox] = await Promise.all([
    getLastProviderEventTimes(db, { providers: TRACKED_PROVIDERS }),
    countStuckAttempts(db, { awaiting: AWAITING_FEEDBACK_STATUSES, rules }),
    countUnresolvedProviderEvents(db),
    listWebhookRejections(db),
    listUnresolvedProviderEvents(db, { limit: params.unresolvedLimit }),
    listStuckAttempts(db, { awaiting: AWAITING_FEEDBACK_STATUSES, rules, limit: params.stuckLimit ?? params.unresolvedLimit }),
    getLatestReconciliationRun(db),
    summariseOutbox(db, { now: params.now, overdueAfterMs: JOBS_OVERDUE_AFTER_MS }),
    readInboxBacklog(db),
  ]);
  const providers = TRACKED_PROVIDERS.map((provider): ProviderTrackingHealth => {
    const unresolvedOf = (outcome: string) => unresolved.find((row) => row.provider === provider && row.outcome === outcome)?.count ?? 0;
    const refused = rejections.filter((row) => row.provider === provider);
    const last = refused.reduce<(typeof refused)[number] | undefined>((a, b) => (a && a.lastAt >= b.lastAt ? a : b), undefined);
    return {
      provider,
      lastEventAt: lastEvents.get(provider) ?? null,
      stuckAttempts: stuck.get(provider) ?? 0,
      unknownMessageEvents: unresolvedOf("unknown_message"),
      unrecognisedEvents: unresolvedOf("unrecognised"),
      rejectedRequests: {
        invalidSignature: refused.find((row) => row.reason === "invalid_signature")?.count ?? 0,
        payloadTooLarge: refused.find((row) => row.reason === "payload_too_large")?.count ?? 0,
        lastAt: last?.lastAt ?? null,
        lastDetail: last?.lastDetail ?? null,
      },
      webhookConfigured: params.configuredProviders?.includes(provider) ?? false,
    };
  });
  const webhookInbox: WebhookInboxHealth = {
    ...inbox,
    overdue: inbox.oldestReceivedAt !== null && params.now.getTime() - inbox.oldestReceivedAt.getTime() > INBOX_OVERDUE_AFTER_MS,
  };
  return {
    generatedAt: params.now,
    providers,
    recentUnresolved,
    longestStuck,
    reconciliation: reconciliationHealth(lastRun),
    jobs,
    webhookInbox,
  };
}

/**
 * Webhook requests in the inbox (lib/webhooks/inbox.ts) are applied within moments of their
 * 2xx, and the drain-webhook-inbox cron catches up every minute; one still waiting after two
 * means applying is failing — the statuses staff see lag behind what providers reported.
 */
export const INBOX_OVERDUE_AFTER_MS = 2 * MINUTE;
export type WebhookInboxHealth = { waiting: number; oldestReceivedAt: Date | null; overdue: boolean };

/**
 * Jobs are published within moments of their commit, and the drain-outbox cron catches up
 * every minute; one still waiting after five means publishing is failing (tracking health
 * shows the last error).
 */
export const JOBS_OVERDUE_AFTER_MS = 5 * MINUTE;
export type JobsHealth = OutboxSummary;

export type ReconciliationHealth = {
  /** The latest reconciliation run (lib/reconciliation/run.ts), null before the first. */
  lastRun: {
    startedAt: Date;
    finishedAt: Date;
    checked: number;
    moved: number;
    unknown: number;
    failuresPublished: number;
    strandedFound: number;
    strandedPublished: number;
  } | null;
  /** What the latest run asked each provider that has a status API. */
  providers: ReconciliationProviderSummary[];
  /** Providers reconciliation cannot ask, with why, and how many attempts were left waiting. */
  withoutStatusApi: { provider: Provider; reason: string; due: number }[];
};

function reconciliationHealth(run: Awaited<ReturnType<typeof getLatestReconciliationRun>>): ReconciliationHealth {
  const summaries = run?.providers ?? [];
  const unsupported = new Map<Provider, { reason: string; due: number }>(
    Object.entries(WITHOUT_STATUS_API).map(([provider, reason]) => [provider as Provider, { reason, due: 0 }]),
  );
  for (const summary of summaries) {
    if (!summary.supported) unsupported.set(summary.provider, { reason: summary.reason ?? "no status API", due: summary.due });
  }
  return {
    lastRun: run && {
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      checked: run.checked,
      moved: run.moved,
      unknown: run.unknown,
      failuresPublished: run.failuresPublished,
      strandedFound: run.strandedFound,
      strandedPublished: run.strandedPublished,
    },
    providers: summaries.filter((summary) => summary.supported),
    withoutStatusApi: [...unsupported].map(([provider, rest]) => ({ provider, ...rest })),
  };
}
