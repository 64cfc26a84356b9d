"use client";

import { use } from "react";
import { StatusBadge } from "@/components/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { listAttempts } from "@/db/queries/communication-log";
import { ATTEMPT_KIND_LABELS, PROVIDER_NAMES } from "@/lib/attempts";
import { formatDateTime } from "@/lib/format";
import { CHANNEL_NAMES, type QuickFilter } from "@/lib/status";
import { Results, useOpenRow } from "./results";
import { SelectCheckbox, SelectionToolbar, useRowSelection } from "./row-selection";
import { useCommunicationsParams } from "./use-communications-params";

type Page = Awaited<ReturnType<typeof listAttempts>>;

export function LogTable({
  pagePromise,
  countsPromise,
}: {
  pagePromise: Promise<Page>;
  countsPromise: Promise<Record<QuickFilter, number>>;
}) {
  const { rows, nextCursor } = use(pagePromise);
  const counts = use(countsPromise);
  const { params } = useCommunicationsParams();
  const openRow = useOpenRow();
  const total = counts[params.quick];
  const selection = useRowSelection(rows.map((row) => row.id));

  return (
    <Results
      label="attempts"
      total={total}
      rowCount={rows.length}
      nextCursor={nextCursor}
      toolbar={<SelectionToolbar selection={selection} total={total} pageSize={rows.length} />}
    >
      <Table aria-label="Communication log">
        <TableHeader>
          <TableRow>
            <TableHead className="w-10">
              <SelectCheckbox label="Select all rows on this page" checked={selection.pageSelected} onChange={selection.togglePage} />
            </TableHead>
            <TableHead>Date</TableHead>
            <TableHead>Subject</TableHead>
            <TableHead>Customer</TableHead>
            <TableHead>Channel</TableHead>
            <TableHead>Provider</TableHead>
            <TableHead>Recipient</TableHead>
            <TableHead>Kind</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Error</TableHead>
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
                <button type="button" className="rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
                  <time dateTime={row.createdAt.toISOString()}>{formatDateTime(row.createdAt)}</time>
                  <span className="sr-only"> — open attempt details</span>
                </button>
              </TableCell>
              <TableCell className="font-medium whitespace-nowrap">
                {row.subjectRef}
                {row.ignoredAt ? <span className="ml-2 text-xs font-normal text-slate-500">(ignored)</span> : null}
              </TableCell>
              <TableCell className="max-w-44 truncate">{row.customerName}</TableCell>
              <TableCell className="whitespace-nowrap">{CHANNEL_NAMES[row.channel]}</TableCell>
              <TableCell className="whitespace-nowrap">{PROVIDER_NAMES[row.provider]}</TableCell>
              <TableCell className="max-w-52 truncate" title={row.recipient}>
                {row.recipient}
              </TableCell>
              <TableCell className="whitespace-nowrap">
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
              <TableCell>
                <StatusBadge status={row.status} label={row.statusLabel} />
              </TableCell>
              <TableCell className="max-w-72 truncate text-slate-600" title={row.errorMessage ?? undefined}>
                {row.errorMessage ?? ""}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Results>
  );
}
