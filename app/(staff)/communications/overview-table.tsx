"use client";

import { useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { Suspense, use } from "react";
import { StatusBadge } from "@/components/status-badge";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { listCommunications } from "@/db/queries/communications";
import { exactly } from "@/lib/row-count";
import { useFormats } from "@/app/i18n/use-formats";
import { BulkSendDialog } from "./bulk-send-dialog";
import { Results, useOpenRow } from "./results";
import { SelectCheckbox, SelectionToolbar, useRowSelection } from "./row-selection";
import { useViewTotal } from "./view-counts";

type Page = Awaited<ReturnType<typeof listCommunications>>;

/** Columns a phone leaves out (the subject cell repeats what matters). */
const WIDE = "max-sm:hidden";
/** A phone's narrow status column wraps a long badge instead of clipping it. */
const PHONE_BADGE = "max-sm:flex-wrap max-sm:rounded-md max-sm:whitespace-normal";

export function OverviewTable({ pagePromise, canOperate }: { pagePromise: Promise<Page>; canOperate: boolean }) {
  const { rows, nextCursor, previousCursor } = use(pagePromise);
  const t = useTranslations();
  const format = useFormats();
  const openRow = useOpenRow();
  // Selection for the bulk actions: explicit ids, or "all N matching" the current filters.
  const selection = useRowSelection(rows.map((row) => row.id));
  const bulkSend = !canOperate ? null : selection.allMatching ? (
    <Suspense fallback={null}>
      <BulkSendAllMatching />
    </Suspense>
  ) : selection.selected.size > 0 ? (
    <BulkSendDialog count={exactly(selection.selected.size)} selection={{ ids: [...selection.selected] }} />
  ) : null;
  const toolbar = <SelectionToolbar selection={selection} pageSize={rows.length} actions={bulkSend} />;

  return (
    <Results noun="communications" rowCount={rows.length} nextCursor={nextCursor} previousCursor={previousCursor} toolbar={toolbar}>
      <Table aria-label={t("overview.table")} className="table-fixed">
        <TableHeader>
          <TableRow>
            <TableHead className="w-10">
              <SelectCheckbox label={t("results.selectPage")} checked={selection.pageSelected} onChange={selection.togglePage} />
            </TableHead>
            <TableHead className="sm:w-60">{t("overview.subject")}</TableHead>
            <TableHead className={WIDE}>{t("overview.customer")}</TableHead>
            <TableHead className={cn(WIDE, "w-44 max-lg:hidden")}>{t("overview.category")}</TableHead>
            <TableHead className={cn(WIDE, "w-24")}>{t("overview.channel")}</TableHead>
            <TableHead className="w-32 sm:w-48">{t("overview.status")}</TableHead>
            <TableHead className={cn(WIDE, "w-36")}>{t("overview.lastActivity")}</TableHead>
            <TableHead className={cn(WIDE, "w-20 text-right max-lg:hidden")}>{t("overview.attempts")}</TableHead>
            <TableHead className={WIDE}>{t("overview.lastError")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => {
            const subjectType = t(`subjectType.${row.subjectType}`);
            const subject = t("overview.subjectText", { type: subjectType, reference: row.subjectRef });
            return (
              <TableRow
                key={row.id}
                onClick={() => openRow(row.id)}
                aria-selected={selection.isSelected(row.id)}
                className="cursor-pointer"
              >
                <TableCell onClick={(event) => event.stopPropagation()}>
                  <SelectCheckbox
                    label={t("overview.selectRow", { subject })}
                    checked={selection.isSelected(row.id)}
                    onChange={() => selection.toggle(row.id)}
                  />
                </TableCell>
                <TableCell className="font-medium">
                  <button
                    type="button"
                    data-opens-row={row.id}
                    className="block max-w-full rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
                  >
                    {/* The reference is what staff look for: it is never cut (the column fits the longest). */}
                    <span className="whitespace-nowrap max-sm:hidden">{subject}</span>
                    {/* Phones: the reference alone; its type is in the line below. */}
                    <span className="sm:hidden">{row.subjectRef}</span>
                  </button>
                  {row.ignoredAt ? <span className="text-xs font-normal text-slate-500">{t("overview.ignored")}</span> : null}
                  {/* Phones show two columns: what and for whom here, the status beside it. */}
                  <Truncate
                    text={`${subjectType} · ${row.customerName} · ${format.dateTime(row.lastActivityAt)}`}
                    max={44}
                    className="text-xs font-normal text-slate-500 sm:hidden"
                  />
                </TableCell>
                <TableCell className={WIDE}>
                  <Truncate text={row.customerName} max={24} />
                </TableCell>
                <TableCell className={cn(WIDE, "max-lg:hidden")}>
                  <Truncate text={t(`category.${row.category}`)} max={22} />
                </TableCell>
                <TableCell className={WIDE}>{row.channel ? t(`channel.${row.channel}`) : "—"}</TableCell>
                <TableCell className="overflow-hidden">
                  <StatusBadge status={row.status} label={row.statusLabel} className={PHONE_BADGE} />
                </TableCell>
                <TableCell className={cn(WIDE, "whitespace-nowrap text-slate-600 tabular-nums")}>
                  <time dateTime={row.lastActivityAt.toISOString()}>{format.dateTime(row.lastActivityAt)}</time>
                </TableCell>
                <TableCell className={cn(WIDE, "text-right tabular-nums max-lg:hidden")}>{row.attemptCount}</TableCell>
                <TableCell className={cn(WIDE, "text-slate-600")}>
                  <Truncate text={row.lastError} max={56} lines={2} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Results>
  );
}

/** "All N matching" goes by the filters, not ids: the count is the view's total (it may be capped, then the send refuses). */
function BulkSendAllMatching() {
  const total = useViewTotal();
  const searchParams = useSearchParams();
  return total.value > 0 ? <BulkSendDialog count={total} selection={{ allMatching: true, search: searchParams.toString() }} /> : null;
}
