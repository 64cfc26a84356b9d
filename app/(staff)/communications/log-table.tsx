"use client";

import { useTranslations } from "next-intl";
import { use } from "react";
import { StatusBadge } from "@/components/status-badge";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { listAttempts } from "@/db/queries/communication-log";
import { useFormats } from "@/app/i18n/use-formats";
import { Results, useOpenRow } from "./results";
import { SelectCheckbox, SelectionToolbar, useRowSelection } from "./row-selection";

type Page = Awaited<ReturnType<typeof listAttempts>>;

/** Columns a phone leaves out (the date cell repeats what matters). */
const WIDE = "max-sm:hidden";
/** A phone's narrow status column wraps a long badge instead of clipping it. */
const PHONE_BADGE = "max-sm:flex-wrap max-sm:rounded-md max-sm:whitespace-normal";

export function LogTable({ pagePromise }: { pagePromise: Promise<Page> }) {
  const { rows, nextCursor, previousCursor } = use(pagePromise);
  const t = useTranslations();
  const format = useFormats();
  const openRow = useOpenRow();
  const selection = useRowSelection(rows.map((row) => row.id));

  return (
    <Results
      noun="attempts"
      rowCount={rows.length}
      nextCursor={nextCursor}
      previousCursor={previousCursor}
      toolbar={<SelectionToolbar selection={selection} pageSize={rows.length} />}
    >
      <Table aria-label={t("log.table")} className="table-fixed">
        <TableHeader>
          <TableRow>
            <TableHead className="w-10">
              <SelectCheckbox label={t("results.selectPage")} checked={selection.pageSelected} onChange={selection.togglePage} />
            </TableHead>
            <TableHead className="sm:w-40">{t("log.date")}</TableHead>
            <TableHead className={cn(WIDE, "w-40")}>{t("log.subject")}</TableHead>
            <TableHead className={WIDE}>{t("log.customer")}</TableHead>
            <TableHead className={cn(WIDE, "w-20 max-lg:hidden")}>{t("log.channel")}</TableHead>
            <TableHead className={cn(WIDE, "w-24")}>{t("log.provider")}</TableHead>
            <TableHead className={WIDE}>{t("log.recipient")}</TableHead>
            <TableHead className={cn(WIDE, "w-32")}>{t("log.kind")}</TableHead>
            <TableHead className="w-32 sm:w-44">{t("log.status")}</TableHead>
            <TableHead className={WIDE}>{t("log.error")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => {
            const kind = t("log.kindText", { kind: t(`attemptKind.${row.kind}`), seq: row.seq });
            return (
              <TableRow
                key={row.id}
                onClick={() => openRow(row.id)}
                aria-selected={selection.isSelected(row.id)}
                className="cursor-pointer"
              >
                <TableCell onClick={(event) => event.stopPropagation()}>
                  <SelectCheckbox
                    label={t("log.selectRow", { kind, reference: row.subjectRef })}
                    checked={selection.isSelected(row.id)}
                    onChange={() => selection.toggle(row.id)}
                  />
                </TableCell>
                <TableCell className="whitespace-nowrap text-slate-600 tabular-nums">
                  <button
                    type="button"
                    data-opens-row={row.id}
                    className="rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-sky-600"
                  >
                    <time dateTime={row.createdAt.toISOString()}>{format.dateTime(row.createdAt)}</time>
                    <span className="sr-only"> — {t("log.openDetails")}</span>
                  </button>
                  {/* Phones show two columns: when, what and to whom here, the status beside it. */}
                  <Truncate
                    text={`${row.subjectRef} · ${t(`channel.${row.channel}`)} · ${row.customerName}`}
                    max={40}
                    className="text-xs text-slate-500 sm:hidden"
                  />
                </TableCell>
                <TableCell className={cn(WIDE, "font-medium")}>
                  <Truncate text={row.subjectRef} max={20} />
                  {row.ignoredAt ? <span className="text-xs font-normal text-slate-500">{t("overview.ignored")}</span> : null}
                </TableCell>
                <TableCell className={WIDE}>
                  <Truncate text={row.customerName} max={18} />
                </TableCell>
                <TableCell className={cn(WIDE, "whitespace-nowrap max-lg:hidden")}>{t(`channel.${row.channel}`)}</TableCell>
                <TableCell className={cn(WIDE, "whitespace-nowrap")}>{t(`provider.${row.provider}`)}</TableCell>
                <TableCell className={WIDE}>
                  <Truncate text={row.recipient} max={20} />
                </TableCell>
                {/* "First send #1" fits on a line; a longer translation wraps at its words. */}
                <TableCell className={WIDE}>
                  {row.repeatsAttemptId ? (
                    <button
                      type="button"
                      className="text-sky-700 underline-offset-2 hover:underline"
                      title={t("log.openRepeated")}
                      onClick={(event) => {
                        event.stopPropagation();
                        openRow(row.repeatsAttemptId!);
                      }}
                    >
                      {kind}
                    </button>
                  ) : (
                    kind
                  )}
                </TableCell>
                <TableCell className="overflow-hidden">
                  <StatusBadge status={row.status} label={row.statusLabel} className={PHONE_BADGE} />
                </TableCell>
                <TableCell className={cn(WIDE, "text-slate-600")}>
                  <Truncate text={row.errorMessage} max={48} lines={2} />
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Results>
  );
}
