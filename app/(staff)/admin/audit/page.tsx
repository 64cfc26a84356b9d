import type { Metadata, Route } from "next";
import Link from "next/link";
import { z } from "zod";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { getDb } from "@/db/client";
import { type AuditEventRow, listAuditEvents } from "@/db/queries/audit-events";
import { AUDIT_ACTIONS, auditActionLabel, isAuditAction } from "@/lib/audit-actions";
import { formatDateTime } from "@/lib/format";
import { addDays, startOfDayIn } from "@/lib/time-zone";
import { requireStaff } from "../../current-staff";

export const metadata: Metadata = { title: "Audit trail" };

const PAGE_SIZE = 100;
const day = z.iso.date().optional().catch(undefined);
const paramsSchema = z.object({
  before: z.coerce.number().int().positive().optional().catch(undefined),
  actor: z.string().trim().max(200).optional().catch(undefined),
  action: z.string().refine(isAuditAction).optional().catch(undefined),
  from: day,
  to: day,
});
type Filters = z.infer<typeof paramsSchema>;

const ACTOR_TYPES: Record<AuditEventRow["actorType"], string> = {
  staff: "Staff",
  api_key: "API key",
  system: "Herald",
  provider: "Provider",
};

// Who did what, when: sign-ins, staff and API-key changes, ignores, sends — newest first,
// filtered by a plain GET form (works before any script loads), every filter in the URL.
export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requireStaff("admin");
  const filters = paramsSchema.parse(await searchParams);
  // Calendar days in the staff's time zone, as on the Communications page.
  const dayStart = (value: string, offset = 0) => startOfDayIn(addDays(value, offset));
  const events = await listAuditEvents(await getDb(), {
    limit: PAGE_SIZE,
    before: filters.before,
    action: filters.action,
    actor: filters.actor || undefined,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? dayStart(filters.to, 1) : undefined,
  });
  const last = events.at(-1);
  const filtered = Boolean(filters.actor || filters.action || filters.from || filters.to);
  return (
    <main className="mx-auto max-w-[1100px] space-y-4 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Audit trail</h1>
        <p className="text-sm text-slate-500">Sign-ins, staff and API-key changes, ignores and sends. Nothing here can be edited.</p>
      </div>
      <form role="search" aria-label="Filter the audit trail" className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex min-w-0 flex-1 basis-48 flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">Who</span>
          <Input type="search" name="actor" defaultValue={filters.actor} placeholder="Name, e-mail or key" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">What</span>
          <Select name="action" defaultValue={filters.action ?? ""}>
            <option value="">Any action</option>
            {Object.entries(AUDIT_ACTIONS).map(([action, label]) => (
              <option key={action} value={action}>
                {label}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">From</span>
          <Input type="date" name="from" defaultValue={filters.from} className="w-40" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">Until</span>
          <Input type="date" name="to" defaultValue={filters.to} className="w-40" />
        </label>
        <button type="submit" className={buttonClasses({ variant: "primary" })}>
          Filter
        </button>
        {filtered ? (
          <Link href="/admin/audit" className={buttonClasses({ variant: "ghost" })}>
            Clear
          </Link>
        ) : null}
      </form>
      <Table aria-label="Audit events" className="table-fixed">
        <TableHeader>
          <TableRow>
            <TableHead className="w-32 sm:w-48">When</TableHead>
            <TableHead className="sm:w-64">Who</TableHead>
            <TableHead className="sm:w-52">What</TableHead>
            <TableHead className="max-sm:hidden sm:w-48">On</TableHead>
            <TableHead className="max-sm:hidden">Details</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5} className="py-6 text-center text-slate-500">
                {filtered ? "No event matches these filters." : filters.before ? "No older events." : "Nothing recorded yet."}
              </TableCell>
            </TableRow>
          ) : null}
          {events.map((event) => (
            <TableRow key={event.id}>
              <TableCell className="text-slate-600 tabular-nums sm:whitespace-nowrap">
                <time dateTime={event.createdAt.toISOString()}>{formatDateTime(event.createdAt, { seconds: true })}</time>
              </TableCell>
              <TableCell>
                <Truncate text={event.actorId} max={36} className="font-medium" />
                <span className="block text-xs text-slate-500">{ACTOR_TYPES[event.actorType]}</span>
              </TableCell>
              <TableCell>
                <span>{auditActionLabel(event.action)}</span>
                <span className="block sm:hidden">
                  <Target event={event} />
                </span>
              </TableCell>
              <TableCell className="max-sm:hidden">
                <Target event={event} />
              </TableCell>
              <TableCell className="text-xs text-slate-600 max-sm:hidden">
                <Truncate text={describeData(event.data)} max={90} lines={2} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <nav aria-label="Pages" className="flex gap-2">
        {filters.before ? (
          <Link href={auditHref({ ...filters, before: undefined })} className={buttonClasses({ size: "sm" })}>
            Newest
          </Link>
        ) : null}
        {events.length === PAGE_SIZE && last ? (
          <Link href={auditHref({ ...filters, before: last.id })} className={buttonClasses({ size: "sm" })}>
            Older
          </Link>
        ) : null}
      </nav>
    </main>
  );
}

/** What the action was done to, as a link to where it is seen. */
function Target({ event }: { event: AuditEventRow }) {
  const id = event.targetId;
  const link = "text-sky-700 underline-offset-2 hover:underline";
  if (!id) return <span className="text-slate-400">—</span>;
  const href =
    event.targetType === "communication"
      ? `/communications?open=${id}`
      : event.targetType === "bulk_job"
        ? `/communications?bulk=${id}`
        : event.targetType === "staff"
          ? `/admin/staff#staff-${id}`
          : event.targetType === "api_key"
            ? `/admin/api-keys#key-${id}`
            : null;
  const label =
    { communication: "Communication", bulk_job: "Bulk send", staff: "Staff member", api_key: "API key" }[event.targetType ?? ""] ??
    event.targetType;
  if (!href) return <span title={id}>{`${label} ${id.slice(0, 8)}`}</span>;
  return (
    <Link href={href as Route} className={`${link} whitespace-nowrap`} title={id}>
      {label} {id.slice(0, 8)}
    </Link>
  );
}

/** The event's data as "key: value" pairs, readable without knowing JSON. */
function describeData(data: Record<string, unknown>): string {
  return Object.entries(data)
    .map(
      ([key, value]) =>
        `${key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}: ${typeof value === "string" ? value : JSON.stringify(value)}`,
    )
    .join(" · ");
}

function auditHref(filters: Filters): Route {
  const query = new URLSearchParams(Object.entries(filters).flatMap(([key, value]) => (value ? [[key, String(value)]] : [])));
  return (query.size ? `/admin/audit?${query}` : "/admin/audit") as Route;
}
