import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listSuppressions } from "@/db/queries/suppressions";
import { PROVIDER_NAMES } from "@/lib/attempts";
import { CATEGORY_LABELS } from "@/lib/categories";
import { formatDateTime } from "@/lib/format";
import { CHANNEL_NAMES } from "@/lib/status";
import { requireStaff } from "../current-staff";
import { LiftSuppressionForm } from "./lift-form";

export const metadata: Metadata = { title: "Suppressions" };

const KIND_LABELS = { unsubscribed: "Unsubscribed", complained: "Spam complaint", bounced: "Suppressed (bounced)" } as const;
const LIMIT = 500;

// Every staff member sees whom Herald will not send to, and why; only an admin lifts.
export default async function SuppressionsPage() {
  const staff = await requireStaff("viewer");
  const rows = await listSuppressions(await getDb(), { limit: LIMIT, includeLifted: true });
  const isAdmin = staff.role === "admin";
  return (
    <main className="mx-auto max-w-[1300px] space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Suppressions</h1>
        <p className="text-sm text-slate-500">
          Addresses a provider told us not to send to: the recipient unsubscribed, reported spam, or the provider refuses the address after
          earlier bounces. No send, resend, bulk send or fallback reaches them until an admin lifts the suppression. Newest {LIMIT} shown.
        </p>
      </div>
      <Table aria-label="Suppressions">
        <TableHeader>
          <TableRow>
            <TableHead>Address</TableHead>
            <TableHead>Why</TableHead>
            <TableHead>Scope</TableHead>
            <TableHead>Source</TableHead>
            <TableHead>Since</TableHead>
            <TableHead>Status</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={6} className="py-6 text-center text-slate-500">
                No suppression: no provider has reported an unsubscribe, complaint or suppressed address.
              </TableCell>
            </TableRow>
          ) : null}
          {rows.map((row) => (
            <TableRow key={row.id}>
              <TableCell className="font-medium">
                {row.address}
                <span className="block text-xs text-slate-500">{CHANNEL_NAMES[row.channel]}</span>
              </TableCell>
              <TableCell>
                {KIND_LABELS[row.kind]}
                <span className="block max-w-md text-xs text-slate-500">{row.detail}</span>
              </TableCell>
              <TableCell>{row.category ? CATEGORY_LABELS[row.category] : "All messages"}</TableCell>
              <TableCell>
                {PROVIDER_NAMES[row.provider]} · <code className="text-xs">{row.eventType}</code>
                {row.attemptId ? <span className="block text-xs text-slate-500">attempt {row.attemptId.slice(0, 8)}</span> : null}
              </TableCell>
              <TableCell>{formatDateTime(row.createdAt)}</TableCell>
              <TableCell>
                {row.liftedAt ? (
                  <>
                    <Badge tone="neutral">Lifted {formatDateTime(row.liftedAt)}</Badge>
                    <span className="block text-xs text-slate-500">
                      by {row.liftedBy}: {row.liftReason}
                    </span>
                  </>
                ) : isAdmin ? (
                  <LiftSuppressionForm id={row.id} address={row.address} />
                ) : (
                  <Badge tone="danger">Active</Badge>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </main>
  );
}
