"use client";

import { use } from "react";
import { StatusBadge } from "@/components/status-badge";
import { cn } from "@/components/ui/cn";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import type { listAttempts } from "@/db/queries/communication-log";
import { ATTEMPT_KIND_LABELS, PROVIDER_NAMES } from "@/lib/attempts";
import { formatDateTime } from "@/lib/format";
import { CHANNEL_NAMES } from "@/lib/status";
import { Results, useOpenRow } from "./results";
import { SelectCheckbox, SelectionToolbar, useRowSelection } from "./row-selection";

type Page = Awaited<ReturnType<typeof listAttempts>>;

/** Columns a phone leaves out (the date cell repeats what matters). */
const WIDE = "max-sm:hidden";
/** A phone's narrow status column wraps a long badge instead of clipping it. */
const PHONE_BADGE = "max-sm:flex-wrap max-sm:rounded-md max-sm:whitespace-normal";

export function LogTable({ pagePromise }: { pagePromise: Promise<Page> }) {
  const { rows, nextCursor, previousCursor } = use(pagePromise);
  const openRow = useOpenRow();
  const selection = useRowSelection(rows.map((row) => row.id));

  return (
    <Results
      label="attempts"
      rowCount={rows.length}
      nextCursor={nextCursor}
      previousCursor={previousCursor}
      toolbar={<SelectionToolbar selection={selection} pageSize={rows.length} />}
    >
      <Table aria-label="Communication log" className="table-fixed">
        <TableHeader>
          <TableRow>
            <TableHead className="w-10">
              <SelectCheckbox label="Select all rows on this page" checked={selection.pageSelected} onChange={selection.togglePage} />
            </TableHead>
            <TableHead className="sm:w-36">Date</TableHead>
            <TableHead className={cn(WIDE, "w-40")}>Subject</TableHead>
            <TableHead className={WIDE}>Customer</TableHead>
            <TableHead className={cn(WIDE, "w-20 max-lg:hidden")}>Channel</TableHead>
            <TableHead className={cn(WIDE, "w-24")}>Provider</TableHead>
            <TableHead className={WIDE}>Recipient</TableHead>
            <TableHead className={cn(WIDE, "w-28")}>Kind</TableHead>
            <TableHead className="w-32 sm:w-44">Status</TableHead>
            <TableHead className={WIDE}>Error</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} onClick={() => openRow(row.id)} aria-selected={selection.isSelected(row.id)} className="cursor-pointer">
              <TableCell onClick={(event) => event.stopPropagation()}>
                <SelectCheckbox
                  label={`Select ${ATTEMPT_KIND_LABELS[row.kind]} #${row.seq} of ${row.subjectRef}`}
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
                  <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>
                  <span className="sr-only"> — open attempt details</span>
                </button>
                {/* Phones show two columns: when, what and to whom here, the status beside it. */}
                <Truncate
                  text={`${row.subjectRef} · ${CHANNEL_NAMES[row.channel]} · ${row.customerName}`}
                  max={40}
                  className="text-xs text-slate-500 sm:hidden"
                />
              </TableCell>
              <TableCell className={cn(WIDE, "font-medium")}>
                <Truncate text={row.subjectRef} max={20} />
                {row.ignoredAt ? <span className="text-xs font-normal text-slate-500">(ignored)</span> : null}
              </TableCell>
              <TableCell className={WIDE}>
                <Truncate text={row.customerName} max={18} />
              </TableCell>
              <TableCell className={cn(WIDE, "whitespace-nowrap max-lg:hidden")}>{CHANNEL_NAMES[row.channel]}</TableCell>
              <TableCell className={cn(WIDE, "whitespace-nowrap")}>{PROVIDER_NAMES[row.provider]}</TableCell>
              <TableCell className={WIDE}>
                <Truncate text={row.recipient} max={20} />
              </TableCell>
              <TableCell className={cn(WIDE, "whitespace-nowrap")}>
                {row.repeatsAttemptId ? (
                  <button
                    type="button"
                    className="text-sky-700 underline-offset-2 hover:underline"
                    title="Open the attempt this one repeats"
                    onClick={(event) => {
                      event.stopPropagation();
                      openRow(row.repeatsAttemptId!);
                    }}
                  >
                    {ATTEMPT_KIND_LABELS[row.kind]} #{row.seq}
                  </button>
                ) : (
                  `${ATTEMPT_KIND_LABELS[row.kind]} #${row.seq}`
                )}
              </TableCell>
              <TableCell className="overflow-hidden">
                <StatusBadge status={row.status} label={row.statusLabel} className={PHONE_BADGE} />
              </TableCell>
              <TableCell className={cn(WIDE, "text-slate-600")}>
                <Truncate text={row.errorMessage} max={48} lines={2} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Results>
  );
}
