import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { buttonClasses } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listAuditEvents } from "@/db/queries/audit-events";
import { formatDateTime } from "@/lib/format";
import { requireStaff } from "../../current-staff";

export const metadata: Metadata = { title: "Audit trail" };

const PAGE_SIZE = 100;
const paramsSchema = z.object({ before: z.coerce.number().int().positive().optional().catch(undefined) });

// Who did what, when: sign-ins, staff and API-key changes, ignores, sends — newest first.
export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requireStaff("admin");
  const { before } = paramsSchema.parse(await searchParams);
  const events = await listAuditEvents(await getDb(), { limit: PAGE_SIZE, before });
  const last = events.at(-1);
  return (
    <main className="mx-auto max-w-[1100px] space-y-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit trail</h1>
        <p className="text-sm text-slate-500">Sign-ins, staff and API-key changes, ignores and sends. Nothing here can be edited.</p>
      </div>
      <Table aria-label="Audit events">
        <TableHeader>
          <TableRow>
            <TableHead>When</TableHead>
            <TableHead>Who</TableHead>
            <TableHead>What</TableHead>
            <TableHead>On</TableHead>
            <TableHead>Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5} className="py-6 text-center text-slate-500">
                {before ? "No older events." : "Nothing recorded yet."}
              </TableCell>
            </TableRow>
          ) : null}
          {events.map((event) => (
            <TableRow key={event.id}>
              <TableCell className="whitespace-nowrap">
                <time dateTime={event.createdAt.toISOString()}>{formatDateTime(event.createdAt, { seconds: true })}</time>
              </TableCell>
              <TableCell>
                {event.actorId}
                <span className="block text-xs text-slate-500">{event.actorType.replace("_", " ")}</span>
              </TableCell>
              <TableCell className="font-medium">{event.action}</TableCell>
              <TableCell className="text-xs whitespace-nowrap text-slate-600" title={event.targetId ?? undefined}>
                {event.targetType ? `${event.targetType} ${event.targetId?.slice(0, 8) ?? ""}` : "—"}
              </TableCell>
              <TableCell className="max-w-md truncate font-mono text-xs text-slate-600" title={JSON.stringify(event.data)}>
                {Object.keys(event.data).length > 0 ? JSON.stringify(event.data) : ""}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <nav aria-label="Pages" className="flex gap-2">
        {before ? (
          <Link href="/admin/audit" className={buttonClasses({ size: "sm" })}>
            Newest
          </Link>
        ) : null}
        {events.length === PAGE_SIZE && last ? (
          <Link href={`/admin/audit?before=${last.id}`} className={buttonClasses({ size: "sm" })}>
            Older
          </Link>
        ) : null}
      </nav>
    </main>
  );
}
