import { StatusBadge } from "@/components/status-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { CommunicationRow } from "@/db/queries/communications";
import { CATEGORY_LABELS, SUBJECT_TYPE_LABELS } from "@/lib/categories";
import { CHANNEL_NAMES } from "@/lib/status";

const dateTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: process.env.HERALD_TIME_ZONE ?? "Europe/Paris",
});

export function CommunicationsTable({ rows }: { rows: CommunicationRow[] }) {
  if (rows.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white p-10 text-center text-sm text-slate-500">
        No communications yet. They appear here as soon as the platform sends one.
      </div>
    );
  }
  return (
    <Table aria-label="Communications">
      <TableHeader>
        <TableRow>
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
        {rows.map((row) => (
          <TableRow key={row.id}>
            <TableCell className="font-medium whitespace-nowrap">
              {SUBJECT_TYPE_LABELS[row.subjectType]} {row.subjectRef}
            </TableCell>
            <TableCell className="max-w-48 truncate">{row.customerName}</TableCell>
            <TableCell className="whitespace-nowrap">{CATEGORY_LABELS[row.category]}</TableCell>
            <TableCell>{row.channel ? CHANNEL_NAMES[row.channel] : "—"}</TableCell>
            <TableCell>
              <StatusBadge status={row.status} label={row.statusLabel} />
            </TableCell>
            <TableCell className="whitespace-nowrap tabular-nums text-slate-600">
              <time dateTime={row.lastActivityAt.toISOString()}>{dateTime.format(row.lastActivityAt)}</time>
            </TableCell>
            <TableCell className="text-right tabular-nums">{row.attemptCount}</TableCell>
            <TableCell className="max-w-72 truncate text-slate-600" title={row.lastError ?? undefined}>
              {row.lastError ?? ""}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
