"use client";

import { Send } from "lucide-react";
import { useTranslations } from "next-intl";
import { parseAsString, useQueryState } from "nuqs";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Skeleton } from "@/components/ui/skeleton";
import type { RowCount } from "@/lib/row-count";
import type { DryRunSummary } from "@/lib/sending/dry-run";
import type { Channel } from "@/lib/status";
import { useFormats } from "@/app/i18n/use-formats";
import { type BulkSelection, confirmBulkSend, previewBulkSend } from "./send-actions";

// Bulk send from the Communication tab: a dry run first (by which channel each would go,
// who is opted out, who lacks contact details, what goes manual), then confirm. The job's
// progress is followed by BulkSendProgress through `?bulk=<job id>`, so it survives a reload.
export function BulkSendDialog({ selection, count, disabled }: { selection: BulkSelection; count: RowCount; disabled?: boolean }) {
  const t = useTranslations();
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
      toast.success(count.exact ? t("bulk.started", { count: count.value }) : t("bulk.startedAtLeast", { count: count.value }));
      await setBulk(started.jobId);
    });

  const sendable = summary ? Object.values(summary.byChannel).reduce((sum, n) => sum + (n ?? 0), 0) : 0;
  return (
    <>
      <Button size="sm" variant="primary" onClick={openDialog} disabled={disabled}>
        <Send className="size-4" aria-hidden />
        {t("bulk.open")}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={count.exact ? t("bulk.title", { count: count.value }) : t("bulk.titleAtLeast", { count: count.value })}
        description={t("bulk.description")}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>{t("common.cancel")}</Button>
            <Button variant="primary" onClick={confirm} disabled={!summary || sending || sendable === 0}>
              {sending ? t("bulk.starting") : t("bulk.submit", { count: sendable })}
            </Button>
          </>
        }
      >
        {loading ? (
          <div aria-busy="true" aria-label={t("bulk.loading")} className="space-y-2">
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

function DryRun({ summary }: { summary: DryRunSummary }) {
  const t = useTranslations("bulk");
  const tc = useTranslations("channel");
  const tf = useTranslations("filters");
  const format = useFormats();
  const rows: [string, number][] = [
    ...Object.entries(summary.byChannel).map(
      ([channel, n]) => [t("byChannel", { channel: tc(channel as Channel) }), n ?? 0] as [string, number],
    ),
    [t("manualNeeded"), summary.manual],
    [t("notSent.opted_out"), summary.optedOut],
    [t("notSent.unsubscribed"), summary.unsubscribed],
    [t("notSent.suppressed"), summary.suppressed],
    [t("notSent.invalid_contact"), summary.invalidContact],
    [t("notSent.missing_contact"), summary.missingContact],
  ];
  const notSent =
    summary.optedOut + summary.unsubscribed + summary.suppressed + summary.invalidContact + summary.missingContact + summary.manual;
  return (
    <div className="space-y-3">
      <table className="w-full" aria-label={t("dryRun")}>
        <tbody>
          {rows.map(([label, n]) => (
            <tr key={label} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="py-1.5 text-left font-normal text-slate-700">
                {label}
              </th>
              <td className="py-1.5 text-right font-medium tabular-nums">{format.number(n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {summary.examples.length > 0 ? (
        <details className="rounded-md border border-slate-200 p-2">
          <summary className="cursor-pointer font-medium">{t("examples", { count: notSent })}</summary>
          <ul className="mt-2 space-y-1 text-slate-600">
            {summary.examples.map((example) => (
              <li key={example.communicationId}>
                <span className="font-medium text-slate-800">{example.subjectRef}</span> · {example.customerName}
                {example.recipient ? ` (${example.recipient})` : ""} — {tf("labelColon", { label: t(`problem.${example.problem}`) })}{" "}
                {example.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
