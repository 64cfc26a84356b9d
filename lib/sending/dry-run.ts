import { listCommunicationsForPlanning } from "@/db/queries/sending-reads";
import type { Db } from "@/db/client";
import { planCommunication, planResend } from "./plan";
import type { Channel } from "@/lib/status";

// A bulk send's dry run: what would happen to each selected communication if it were sent
// now — by which channel, who is opted out, who lacks contact details, what goes manual —
// computed with the same channel plan the engine uses, without writing anything.
// Never sent → its first channel; already sent → a resend on the same channel.

export type DryRunSummary = {
  total: number;
  byChannel: Partial<Record<Exclude<Channel, "manual">, number>>;
  /** Would become (or stay) manual_required. */
  manual: number;
  /** Refused: the channel a resend needs is opted out… */
  optedOut: number;
  /** …or has no usable contact details. */
  missingContact: number;
  /** Up to 20 examples per problem, for the dialog. */
  examples: { communicationId: string; subjectRef: string; customerName: string; problem: "opted_out" | "missing_contact" | "manual"; reason: string }[];
};

const BATCH = 500;
const EXAMPLES_PER_PROBLEM = 20;

export async function dryRunBulkSend(db: Db, params: { communicationIds: readonly string[] }): Promise<DryRunSummary> {
  const summary: DryRunSummary = { total: 0, byChannel: {}, manual: 0, optedOut: 0, missingContact: 0, examples: [] };
  const example = (entry: DryRunSummary["examples"][number]) => {
    if (summary.examples.filter((e) => e.problem === entry.problem).length < EXAMPLES_PER_PROBLEM) summary.examples.push(entry);
  };
  for (let offset = 0; offset < params.communicationIds.length; offset += BATCH) {
    const rows = await listCommunicationsForPlanning(db, { ids: params.communicationIds.slice(offset, offset + BATCH) });
    for (const row of rows) {
      summary.total++;
      const { communication } = row;
      const latest = row.latestAttempt;
      const resendChannel = latest && latest.channel !== "manual" ? latest.channel : undefined;
      const { plan, skipped, manualMessage } = latest ? planResend(row, latest) : planCommunication(row);
      const base = { communicationId: communication.id, subjectRef: communication.subjectRef, customerName: communication.customerName };
      const first = plan[0];
      if (first) {
        summary.byChannel[first.channel] = (summary.byChannel[first.channel] ?? 0) + 1;
      } else if (resendChannel) {
        const optedOut = skipped.some((skip) => skip.cause === "opted_out");
        if (optedOut) summary.optedOut++;
        else summary.missingContact++;
        example({ ...base, problem: optedOut ? "opted_out" : "missing_contact", reason: skipped.map((skip) => skip.reason).join("; ") });
      } else {
        summary.manual++;
        example({ ...base, problem: "manual", reason: manualMessage ?? "no channel" });
      }
    }
  }
  return summary;
}
