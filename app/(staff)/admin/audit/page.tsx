import type { Metadata, Route } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { z } from "zod";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Truncate } from "@/components/ui/truncate";
import { getDb } from "@/db/client";
import { AUDIT_ACTION_CODES, type AuditEventRow, listAuditEvents } from "@/db/queries/audit-events";
import { isAuditAction } from "@/lib/audit-actions";
import { getFormats } from "@/app/i18n/server-formats";
import { addDays, startOfDayIn } from "@/lib/time-zone";
import { requireStaff } from "../../current-staff";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

type Translate = Awaited<ReturnType<typeof getTranslations<never>>>;

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

// Who did what, when: sign-ins, staff and API-key changes, ignores, sends — newest first,
// filtered by a plain GET form (works before any script loads), every filter in the URL.
export default async function AuditPage({ searchParams }: PageProps<"/admin/audit">) {
  await requireStaff("admin");
  const [t, format] = await Promise.all([getTranslations(), getFormats()]);
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
        <h1 className="text-2xl font-semibold tracking-tight">{t("audit.title")}</h1>
        <p className="text-sm text-slate-500">{t("audit.intro")}</p>
      </div>
      <form role="search" aria-label={t("audit.filter")} className="flex flex-wrap items-end gap-2 text-sm">
        <label className="flex min-w-0 flex-1 basis-48 flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">{t("audit.who")}</span>
          <Input type="search" name="actor" defaultValue={filters.actor} placeholder={t("audit.whoPlaceholder")} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">{t("audit.what")}</span>
          <Select name="action" defaultValue={filters.action ?? ""}>
            <option value="">{t("audit.anyAction")}</option>
            {AUDIT_ACTION_CODES.map((action) => (
              <option key={action} value={action}>
                {t(`auditAction.${action}`)}
              </option>
            ))}
          </Select>
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">{t("audit.from")}</span>
          <Input type="date" name="from" defaultValue={filters.from} className="w-40" />
        </label>
        <label className="flex flex-col gap-1">
          <span className="text-xs font-medium text-slate-500">{t("audit.until")}</span>
          <Input type="date" name="to" defaultValue={filters.to} className="w-40" />
        </label>
        <button type="submit" className={buttonClasses({ variant: "primary" })}>
          {t("audit.apply")}
        </button>
        {filtered ? (
          <Link href="/admin/audit" className={buttonClasses({ variant: "ghost" })}>
            {t("audit.clear")}
          </Link>
        ) : null}
      </form>
      <Table aria-label={t("audit.table")} className="table-fixed">
        <TableHeader>
          <TableRow>
            <TableHead className="w-32 sm:w-48">{t("audit.when")}</TableHead>
            <TableHead className="sm:w-64">{t("audit.who")}</TableHead>
            <TableHead className="sm:w-52">{t("audit.what")}</TableHead>
            <TableHead className="max-sm:hidden sm:w-48">{t("audit.on")}</TableHead>
            <TableHead className="max-sm:hidden">{t("audit.details")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.length === 0 ? (
            <TableRow>
              <TableCell colSpan={5} className="py-6 text-center text-slate-500">
                {filtered ? t("audit.noMatch") : filters.before ? t("audit.noOlder") : t("audit.nothing")}
              </TableCell>
            </TableRow>
          ) : null}
          {events.map((event) => (
            <TableRow key={event.id}>
              <TableCell className="text-slate-600 tabular-nums sm:whitespace-nowrap">
                <time dateTime={event.createdAt.toISOString()}>{format.dateTime(event.createdAt, { seconds: true })}</time>
              </TableCell>
              <TableCell>
                <Truncate text={event.actorId} max={36} className="font-medium" />
                <span className="block text-xs text-slate-500">{t(`audit.actorType.${event.actorType}`)}</span>
              </TableCell>
              <TableCell>
                <span>{isAuditAction(event.action) ? t(`auditAction.${event.action}`) : event.action}</span>
                <span className="block sm:hidden">
                  <Target event={event} t={t} />
                </span>
              </TableCell>
              <TableCell className="max-sm:hidden">
                <Target event={event} t={t} />
              </TableCell>
              <TableCell className="text-xs text-slate-600 max-sm:hidden">
                <Truncate text={describeData(event.data, t)} max={90} lines={2} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <nav aria-label={t("audit.pages")} className="flex gap-2">
        {filters.before ? (
          <Link href={auditHref({ ...filters, before: undefined })} className={buttonClasses({ size: "sm" })}>
            {t("audit.newest")}
          </Link>
        ) : null}
        {events.length === PAGE_SIZE && last ? (
          <Link href={auditHref({ ...filters, before: last.id })} className={buttonClasses({ size: "sm" })}>
            {t("audit.older")}
          </Link>
        ) : null}
      </nav>
    </main>
  );
}

/** What the action was done to, as a link to where it is seen. */
function Target({ event, t }: { event: AuditEventRow; t: Translate }) {
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
  const kind = event.targetType;
  const label =
    kind === "communication" || kind === "bulk_job" || kind === "staff" || kind === "api_key" ? t(`audit.target.${kind}`) : kind;
  const text = t("audit.targetText", { label: label ?? "", id: id.slice(0, 8) });
  if (!href) return <span title={id}>{text}</span>;
  return (
    <Link href={href as Route} className={`${link} whitespace-nowrap`} title={id}>
      {text}
    </Link>
  );
}

// Data keys recorded by recordAuditEvent callers, in words; another key shows as itself.
const DATA_KEYS = [
  "address",
  "attemptId",
  "category",
  "channel",
  "email",
  "ip",
  "kind",
  "name",
  "note",
  "prefix",
  "reason",
  "repeats",
  "role",
  "scopes",
  "total",
  "userAgent",
] as const;

/** The event's data as "key: value" pairs, readable without knowing JSON. */
function describeData(data: Record<string, unknown>, t: Translate): string {
  return Object.entries(data)
    .map(([key, value]) => {
      const name = (DATA_KEYS as readonly string[]).includes(key)
        ? t(`audit.data.${key as (typeof DATA_KEYS)[number]}`)
        : key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
      return `${name}: ${typeof value === "string" ? value : JSON.stringify(value)}`;
    })
    .join(" · ");
}

function auditHref(filters: Filters): Route {
  const query = new URLSearchParams(Object.entries(filters).flatMap(([key, value]) => (value ? [[key, String(value)]] : [])));
  return (query.size ? `/admin/audit?${query}` : "/admin/audit") as Route;
}
