"use client";

import { Send } from "lucide-react";
import { parseAsString, useQueryState } from "nuqs";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { formatRowCount, type RowCount } from "@/lib/row-count";
import type { DryRunProblem, DryRunSummary } from "@/lib/sending/dry-run";
import { CHANNEL_NAMES } from "@/lib/status";
import { type BulkSelection, confirmBulkSend, previewBulkSend } from "./send-actions";

// Bulk send from the Communication tab: a dry run first (by which channel each would go,
// who is opted out, who lacks contact details, what goes manual), then confirm. The job's
// progress is followed by BulkSendProgress through `?bulk=<job id>`, so it survives a reload.
export function BulkSendDialog({ selection, count, disabled }: { selection: BulkSelection; count: RowCount; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [summary, setSummary] = useState<DryRunSummary | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const [sending, startSending] = useTransition();
  const [, setBulk] = useQueryState("bulk", parseAsString.withOptions({ history: "push" }));

  const openDialog = () => {
    setOpen(true);
    setSummary(null);
    setProblem(null);
    startLoading(async () => {
      const preview = await previewBulkSend(selection);
      if (preview.ok) setSummary(preview.summary);
      else setProblem(preview.message);
    });
  };

  const confirm = () =>
    startSending(async () => {
      const started = await confirmBulkSend(selection);
      if (!started.ok) return void setProblem(started.message);
      setOpen(false);
      toast.success(`Bulk send started for ${formatRowCount(count)} communications`);
      await setBulk(started.jobId);
    });

  const sendable = summary ? Object.values(summary.byChannel).reduce((sum, n) => sum + (n ?? 0), 0) : 0;
  return (
    <>
      <Button size="sm" variant="primary" onClick={openDialog} disabled={disabled}>
        <Send className="size-4" aria-hidden />
        Send…
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={`Send ${formatRowCount(count)} communication${count.exact && count.value === 1 ? "" : "s"}`}
        description="Dry run: nothing is sent until you confirm. Never-sent ones go out on their first channel; sent ones are resent on the same channel to the current contact details."
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="primary" onClick={confirm} disabled={!summary || sending || sendable === 0}>
              {sending ? "Starting…" : `Send ${sendable.toLocaleString("en")}`}
            </Button>
          </>
        }
      >
        {loading ? (
          <div aria-busy="true" aria-label="Working out the channels" className="space-y-2">
            <Skeleton className="h-5 w-2/3" />
            <Skeleton className="h-5 w-1/2" />
            <Skeleton className="h-5 w-3/5" />
          </div>
        ) : problem ? (
          <p role="alert" className="text-red-800">
            {problem}
          </p>
        ) : summary ? (
          <DryRun summary={summary} />
        ) : null}
      </Dialog>
    </>
  );
}

const PROBLEM_LABELS: Record<DryRunProblem, string> = {
  opted_out: "opted out",
  unsubscribed: "unsubscribed",
  suppressed: "suppressed (bounced)",
  invalid_contact: "invalid contact",
  missing_contact: "no contact details",
  manual: "manual",
};

function DryRun({ summary }: { summary: DryRunSummary }) {
  const rows: [string, number][] = [
    ...Object.entries(summary.byChannel).map(
      ([channel, n]) => [`By ${CHANNEL_NAMES[channel as keyof typeof CHANNEL_NAMES]}`, n ?? 0] as [string, number],
    ),
    ["Manual delivery needed", summary.manual],
    ["Not sent: opted out", summary.optedOut],
    ["Not sent: unsubscribed", summary.unsubscribed],
    ["Not sent: suppressed (bounced)", summary.suppressed],
    ["Not sent: invalid contact", summary.invalidContact],
    ["Not sent: no usable contact details", summary.missingContact],
  ];
  const notSent =
    summary.optedOut + summary.unsubscribed + summary.suppressed + summary.invalidContact + summary.missingContact + summary.manual;
  return (
    <div className="space-y-3">
      <table className="w-full" aria-label="Dry run">
        <tbody>
          {rows.map(([label, n]) => (
            <tr key={label} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="py-1.5 text-left font-normal text-slate-700">
                {label}
              </th>
              <td className="py-1.5 text-right font-medium tabular-nums">{n.toLocaleString("en")}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary.examples.length > 0 ? (
        <details className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer font-medium">Who is not sent automatically ({notSent})</summary>
          <ul className="mt-2 space-y-1 text-slate-600">
            {summary.examples.map((example) => (
              <li key={example.communicationId}>
                <span className="font-medium text-slate-800">{example.subjectRef}</span> · {example.customerName}
                {example.recipient ? ` (${example.recipient})` : ""} — {PROBLEM_LABELS[example.problem]}: {example.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
