import { type AwaitingFeedbackStatus, type Channel, type Provider, STATUS } from "@/lib/status";

// When Herald stops waiting for a provider's webhook and asks its status API instead
// (docs/providers.md, "Reconciliation"). One row per channel:
//
// | channel   | ask after | ask again every | stop asking after | statuses asked about |
// | --------- | --------- | --------------- | ----------------- | -------------------- |
// | e-mail    | 2 h       | 2 h             | 7 days            | accepted, sent       |
// | SMS       | 1 h       | 1 h             | 7 days            | accepted, sent       |
// | post      | 3 days    | 1 day           | 30 days           | accepted             |
// | e-invoice | 1 day     | 6 h             | 30 days           | accepted             |
//
// E-mail and SMS report within minutes, so an hour or two without news means a webhook was
// lost. A letter takes days to be printed and posted; once Sent (posted) an untracked letter
// has nothing more to report, and neither has a Peppol transmission whose receiver sends no
// Message Level Status — so only Accepted is asked about there. "Stop asking after" bounds
// the work: an attempt silent for that long stays as it is, on tracking health's stuck list.
// The clock is the attempt's status time. Chorus Pro is not in this table: it has no
// webhooks at all and is polled every 15 minutes (inngest/functions/poll-chorus-pro.ts).

const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

export type ReconciliationSla = {
  afterMs: number;
  recheckMs: number;
  giveUpAfterMs: number;
  statuses: readonly AwaitingFeedbackStatus[];
};

export type ReconciledChannel = Exclude<Channel, "manual">;

export const RECONCILIATION_SLA: Record<ReconciledChannel, ReconciliationSla> = {
  email: { afterMs: 2 * HOUR, recheckMs: 2 * HOUR, giveUpAfterMs: 7 * DAY, statuses: [STATUS.accepted, STATUS.sent] },
  sms: { afterMs: HOUR, recheckMs: HOUR, giveUpAfterMs: 7 * DAY, statuses: [STATUS.accepted, STATUS.sent] },
  post: { afterMs: 3 * DAY, recheckMs: DAY, giveUpAfterMs: 30 * DAY, statuses: [STATUS.accepted] },
  einvoice: { afterMs: DAY, recheckMs: 6 * HOUR, giveUpAfterMs: 30 * DAY, statuses: [STATUS.accepted] },
};

/** The providers reconciliation asks, each with its channel: every provider with webhooks. */
export const RECONCILED_PROVIDERS = [
  { provider: "resend", channel: "email" },
  { provider: "sendgrid", channel: "email" },
  { provider: "twilio", channel: "sms" },
  { provider: "pingen", channel: "post" },
  { provider: "peppol", channel: "einvoice" },
] as const satisfies readonly { provider: Provider; channel: ReconciledChannel }[];

/** How long a failed attempt may wait for its fallback before reconciliation publishes it again. */
export const STRANDED_AFTER_MS = 10 * 60_000;
/** Failures of attempts created longer ago than this are left alone: a fallback days late would surprise the customer. */
export const STRANDED_WINDOW_MS = 7 * DAY;

/** The window of status times one provider's attempts are asked about at `now`. */
export function dueWindow(sla: ReconciliationSla, now: Date) {
  return {
    statusBefore: new Date(now.getTime() - sla.afterMs),
    statusAfter: new Date(now.getTime() - sla.giveUpAfterMs),
    checkedBefore: new Date(now.getTime() - sla.recheckMs),
  };
}
