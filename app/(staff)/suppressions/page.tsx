import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listSuppressions } from "@/db/queries/suppressions";
import { getFormats } from "@/app/i18n/server-formats";
import { requireStaff } from "../current-staff";
import { LiftSuppressionForm } from "./lift-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("suppressions"))("title") };
}

const LIMIT = 500;

// Every staff member sees whom Herald will not send to, and why; only an admin lifts.
export default async function SuppressionsPage() {
  const [staff, t, format] = await Promise.all([requireStaff("viewer"), getTranslations(), getFormats()]);
  const rows = await listSuppressions(await getDb(), { limit: LIMIT, includeLifted: true });
  const isAdmin = staff.role === "admin";
  return (
    <main className="mx-auto max-w-[1300px] space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("suppressions.title")}</h1>
        <p className="text-sm text-slate-500">{t("suppressions.intro", { limit: LIMIT })}</p>
      </div>
      <Table aria-label={t("suppressions.title")}>
        <TableHeader>
          <TableRow>
            <TableHead>{t("suppressions.address")}</TableHead>
            <TableHead>{t("suppressions.why")}</TableHead>
            <TableHead>{t("suppressions.scope")}</TableHead>
            <TableHead>{t("suppressions.source")}</TableHead>
            <TableHead>{t("suppressions.since")}</TableHead>
            <TableHead>{t("suppressions.status")}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.length === 0 ? (
            <TableRow>
              <TableCell colSpan={6} className="py-6 text-center text-slate-500">
                {t("suppressions.empty")}
              </TableCell>
            </TableRow>
          ) : null}
          {rows.map((row) => (
            <TableRow key={row.id}>
              <TableCell className="font-medium">
                {row.address}
                <span className="block text-xs text-slate-500">{t(`channel.${row.channel}`)}</span>
              </TableCell>
              <TableCell>
                {t(`suppressions.kind.${row.kind}`)}
                <span className="block max-w-md text-xs text-slate-500">{row.detail}</span>
              </TableCell>
              <TableCell>{row.category ? t(`category.${row.category}`) : t("suppressions.allMessages")}</TableCell>
              <TableCell>
                {t(`provider.${row.provider}`)} · <code className="text-xs">{row.eventType}</code>
                {row.attemptId ? (
                  <span className="block text-xs text-slate-500">{t("suppressions.attempt", { id: row.attemptId.slice(0, 8) })}</span>
                ) : null}
              </TableCell>
              <TableCell>{format.dateTime(row.createdAt)}</TableCell>
              <TableCell>
                {row.liftedAt ? (
                  <>
                    <Badge tone="neutral">{t("suppressions.lifted", { date: format.dateTime(row.liftedAt) })}</Badge>
                    <span className="block text-xs text-slate-500">
                      {t("suppressions.liftedBy", { who: row.liftedBy ?? "", reason: row.liftReason ?? "" })}
                    </span>
                  </>
                ) : isAdmin ? (
                  <LiftSuppressionForm id={row.id} address={row.address} />
                ) : (
                  <Badge tone="danger">{t("suppressions.active")}</Badge>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </main>
  );
}
