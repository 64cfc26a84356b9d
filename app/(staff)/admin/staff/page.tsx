import type { Metadata } from "next";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getDb } from "@/db/client";
import { listStaff } from "@/db/queries/staff";
import { ROLE_DESCRIPTIONS, ROLE_LABELS, STAFF_ROLES } from "@/lib/auth/roles";
import { formatDateTime } from "@/lib/format";
import { requireStaff } from "../../current-staff";
import { CreateStaffForm, RemoveStaffButton, RoleSelect } from "./staff-forms";

export const metadata: Metadata = { title: "Staff" };

export default async function StaffPage() {
  const admin = await requireStaff("admin");
  const staff = await listStaff(await getDb());
  return (
    <main className="mx-auto max-w-[1100px] space-y-6 px-4 py-6 sm:px-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Staff</h1>
        <p className="text-sm text-slate-500">Who can sign in to Herald, and what they may do.</p>
      </div>
      <ul className="grid gap-2 text-sm sm:grid-cols-3">
        {STAFF_ROLES.map((role) => (
          <li key={role} className="rounded-md border border-slate-200 bg-white p-3">
            <span className="font-medium">{ROLE_LABELS[role]}</span>
            <span className="block text-slate-500">{ROLE_DESCRIPTIONS[role]}</span>
          </li>
        ))}
      </ul>
      <Table aria-label="Staff accounts">
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
            <TableHead>E-mail</TableHead>
            <TableHead>Role</TableHead>
            <TableHead>Since</TableHead>
            <TableHead>
              <span className="sr-only">Actions</span>
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
              <TableCell>{formatDateTime(member.createdAt)}</TableCell>
              <TableCell className="text-right">
                {member.id === admin.id ? (
                  <span className="text-xs text-slate-500">You</span>
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
