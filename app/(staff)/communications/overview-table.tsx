"use client";

import { useSearchParams } from "next/navigation";
import { use } from "react";
import { StatusBadge } from "@/components/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { listCommunications } from "@/db/queries/communications";
import { CATEGORY_LABELS, SUBJECT_TYPE_LABELS } from "@/lib/categories";
import { formatDateTime } from "@/lib/format";
import { CHANNEL_NAMES, type QuickFilter } from "@/lib/status";
import { BulkSendDialog } from "./bulk-send-dialog";
import { Results, useOpenRow } from "./results";
import { SelectCheckbox, SelectionToolbar, useRowSelection } from "./row-selection";
import { useCommunicationsParams } from "./use-communications-params";

type Page = Awaited<ReturnType<typeof listCommunications>>;

export function OverviewTable({
  pagePromise,
  countsPromise,
  canOperate,
}: {
  pagePromise: Promise<Page>;
  countsPromise: Promise<Record<QuickFilter, number>>;
  canOperate: boolean;
}) {
  const { rows, nextCursor } = use(pagePromise);
  const counts = use(countsPromise);
  const { params } = useCommunicationsParams();
  const total = counts[params.quick];
  const openRow = useOpenRow();
  // Selection for the bulk actions: explicit ids, or "all N matching" the current filters.
  const selection = useRowSelection(rows.map((row) => row.id));
  const searchParams = useSearchParams();
  const selectedCount = selection.allMatching ? total : selection.selected.size;
  const bulkSend =
    canOperate && selectedCount > 0 ? (
      <BulkSendDialog
        count={selectedCount}
        selection={selection.allMatching ? { allMatching: true, search: searchParams.toString() } : { ids: [...selection.selected] }}
      />
    ) : null;
  const toolbar = <SelectionToolbar selection={selection} total={total} pageSize={rows.length} actions={bulkSend} />;

  return (
    <Results label="communications" total={total} rowCount={rows.length} nextCursor={nextCursor} toolbar={toolbar}>
      <Table aria-label="Communications">
        <TableHeader>
          <TableRow>
            <TableHead className="w-10">
              <SelectCheckbox label="Select all rows on this page" checked={selection.pageSelected} onChange={selection.togglePage} />
            </TableHead>
            <TableHead>Subject</TableHead>
            <TableHead>Customer</TableHead>
            <TableHead>Category</TableHead>
            <TableHead>Channel</TableHead>
            <TableHead>Status</TableHead>
            <TableHead>Last activity</TableHead>
            <TableHead className="text-right">Attempts</TableHead>
            <TableHead>Last error</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => {
            const subject = `${SUBJECT_TYPE_LABELS[row.subjectType]} ${row.subjectRef}`;
            return (
              <TableRow
                key={row.id}
                onClick={() => openRow(row.id)}
                aria-selected={selection.isSelected(row.id)}
                className="cursor-pointer"
              >
                <TableCell onClick={(event) => event.stopPropagation()}>
                  <SelectCheckbox label={`Select ${subject}`} checked={selection.isSelected(row.id)} onChange={() => selection.toggle(row.id)} />
                </TableCell>
                <TableCell className="font-medium whitespace-nowrap">
                  <button type="button" className="rounded text-left hover:underline focus-visible:outline-2 focus-visible:outline-sky-600">
                    {subject}
                  </button>
                  {row.ignoredAt ? <span className="ml-2 text-xs font-normal text-slate-500">(ignored)</span> : null}
                </TableCell>
                <TableCell className="max-w-48 truncate">{row.customerName}</TableCell>
                <TableCell className="whitespace-nowrap">{CATEGORY_LABELS[row.category]}</TableCell>
                <TableCell className="whitespace-nowrap">{row.channel ? CHANNEL_NAMES[row.channel] : "—"}</TableCell>
                <TableCell>
                  <StatusBadge status={row.status} label={row.statusLabel} />
                </TableCell>
                <TableCell className="whitespace-nowrap text-slate-600 tabular-nums">
                  <time dateTime={row.lastActivityAt.toISOString()}>{formatDateTime(row.lastActivityAt)}</time>
                </TableCell>
                <TableCell className="text-right tabular-nums">{row.attemptCount}</TableCell>
                <TableCell className="max-w-72 truncate text-slate-600" title={row.lastError ?? undefined}>
                  {row.lastError ?? ""}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Results>
  );
}
