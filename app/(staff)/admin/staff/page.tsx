import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listStaff } from "@/db/queries/staff";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { getFormats } from "@/app/i18n/server-formats";
import { requireStaff } from "../../current-staff";
import { CreateStaffForm, RemoveStaffButton, RoleSelect } from "./staff-forms";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("staff"))("title") };
}

export default async function StaffPage() {
  const [admin, t, format] = await Promise.all([requireStaff("admin"), getTranslations(), getFormats()]);
  const staff = await listStaff(await getDb());
  return (
    <main className="mx-auto max-w-[1100px] space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("staff.title")}</h1>
        <p className="text-sm text-slate-500">{t("staff.intro")}</p>
      </div>
      <ul className="grid gap-2 text-sm sm:grid-cols-3">
        {STAFF_ROLES.map((role) => (
          <li key={role} className="rounded-md border border-slate-200 bg-white p-3">
            <span className="font-medium">{t(`role.${role}`)}</span>
            <span className="block text-slate-500">{t(`roleDescription.${role}`)}</span>
          </li>
        ))}
      </ul>
      <Table aria-label={t("staff.table")}>
        <TableHeader>
          <TableRow>
            <TableHead>{t("staff.name")}</TableHead>
            <TableHead>{t("staff.email")}</TableHead>
            <TableHead>{t("staff.role")}</TableHead>
            <TableHead>{t("staff.since")}</TableHead>
            <TableHead>
              <span className="sr-only">{t("staff.actions")}</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {staff.map((member) => (
            <TableRow key={member.id} id={`staff-${member.id}`}>
              <TableCell className="font-medium">{member.name}</TableCell>
              <TableCell>{member.email}</TableCell>
              <TableCell>
                <RoleSelect id={member.id} name={member.name} role={member.role} />
              </TableCell>
              <TableCell>{format.dateTime(member.createdAt)}</TableCell>
              <TableCell className="text-right">
                {member.id === admin.id ? (
                  <span className="text-xs text-slate-500">{t("staff.you")}</span>
                ) : (
                  <RemoveStaffButton id={member.id} name={member.name} />
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <CreateStaffForm />
    </main>
  );
}
