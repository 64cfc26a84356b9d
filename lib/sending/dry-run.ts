import type { Db } from "@/db/client";
import type { SkippedChannel } from "@/lib/routing/plan-channels";
import { planCommunication, planResend } from "./plan";
import { listSendingRows } from "./sending-rows";
import type { Channel } from "@/lib/status";

// A bulk send's dry run: what would happen to each selected communication if it were sent
// now — by which channel, who unsubscribed or is suppressed, whose contact is invalid or
// missing, what goes manual — computed with the same channel plan (suppressions included)
// the engine uses, without writing anything.
// Never sent → its first channel; already sent → a resend on the same channel.

export type DryRunProblem = "opted_out" | "unsubscribed" | "suppressed" | "invalid_contact" | "missing_contact" | "manual";

export type DryRunSummary = {
  total: number;
  byChannel: Partial<Record<Exclude<Channel, "manual">, number>>;
  /** Would become (or stay) manual_required. */
  manual: number;
  /** Refused: the channel a resend needs is opted out by the customer… */
  optedOut: number;
  /** …the recipient unsubscribed or reported spam at a provider… */
  unsubscribed: number;
  /** …the provider suppresses the address after earlier bounces… */
  suppressed: number;
  /** …the contact point is marked invalid or malformed… */
  invalidContact: number;
  /** …or there is none. */
  missingContact: number;
  /** Up to 20 examples per problem, for the dialog. */
  examples: {
    communicationId: string;
    subjectRef: string;
    customerName: string;
    recipient: string | null;
    problem: DryRunProblem;
    reason: string;
  }[];
};

const BATCH = 500;
const EXAMPLES_PER_PROBLEM = 20;

const COUNTERS = {
  opted_out: "optedOut",
  unsubscribed: "unsubscribed",
  suppressed: "suppressed",
  invalid_contact: "invalidContact",
  missing_contact: "missingContact",
  manual: "manual",
} as const satisfies Record<DryRunProblem, keyof DryRunSummary>;

export async function dryRunBulkSend(db: Db, params: { communicationIds: readonly string[] }): Promise<DryRunSummary> {
  const summary: DryRunSummary = {
    total: 0,
    byChannel: {},
    manual: 0,
    optedOut: 0,
    unsubscribed: 0,
    suppressed: 0,
    invalidContact: 0,
    missingContact: 0,
    examples: [],
  };
  const example = (entry: DryRunSummary["examples"][number]) => {
    summary[COUNTERS[entry.problem]]++;
    if (summary.examples.filter((e) => e.problem === entry.problem).length < EXAMPLES_PER_PROBLEM) summary.examples.push(entry);
  };
  for (let offset = 0; offset < params.communicationIds.length; offset += BATCH) {
    for (const row of await listSendingRows(db, { ids: params.communicationIds.slice(offset, offset + BATCH) })) {
      summary.total++;
      const { communication } = row;
      const latest = row.attempts.at(-1);
      const resendChannel = latest && latest.channel !== "manual" ? latest.channel : undefined;
      const { plan, skipped, manualMessage } = latest ? planResend(row, latest) : planCommunication(row);
      const base = { communicationId: communication.id, subjectRef: communication.subjectRef, customerName: communication.customerName };
      const first = plan[0];
      if (first) {
        summary.byChannel[first.channel] = (summary.byChannel[first.channel] ?? 0) + 1;
      } else {
        // A refusal is counted under its cause even when the attempt would go manual: staff
        // must see that a recipient unsubscribed, not only that someone has to deliver by hand.
        const problem = problemOf(skipped) ?? (resendChannel ? "missing_contact" : "manual");
        const refused = skipped.find((skip) => skip.cause !== "missing" && skip.cause !== "not_applicable")?.channel ?? resendChannel;
        const recipient = row.contactPoints.find((point) => point.channel === refused)?.address ?? null;
        const reason = problem === "manual" ? (manualMessage ?? "no channel") : skipped.map((skip) => skip.reason).join("; ");
        example({ ...base, recipient, problem, reason });
      }
    }
  }
  return summary;
}

/** The one refusal a communication is counted under, the customer's own first; null if none. */
function problemOf(skipped: readonly SkippedChannel[]): DryRunProblem | null {
  const causes = new Set(skipped.map((skip) => (skip.cause === "suppressed" ? skip.suppression : skip.cause)));
  if (causes.has("opted_out")) return "opted_out";
  if (causes.has("unsubscribed") || causes.has("complained")) return "unsubscribed";
  if (causes.has("bounced")) return "suppressed";
  if (causes.has("invalid")) return "invalid_contact";
  return null;
}
