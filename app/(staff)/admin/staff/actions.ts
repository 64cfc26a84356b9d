"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { recordAuditEvent } from "@/db/queries/audit-events";
import { countStaff, deleteStaff, getStaff, setStaffRole } from "@/db/queries/staff";
import { getAuth } from "@/lib/auth/auth";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { createStaffAccount, staffAccountInput } from "@/lib/auth/staff-accounts";
import { staffActor } from "@/lib/auth/staff-session";
import { HeraldError } from "@/lib/errors";
import { requireStaff } from "../../current-staff";

export type StaffFormState = { ok: boolean; message: string } | null;

export async function createStaff(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const admin = await requireStaff("admin");
  const parsed = staffAccountInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." };
  try {
    const staff = await createStaffAccount(await getAuth(), await getDb(), { ...parsed.data, createdBy: staffActor(admin) });
    revalidatePath("/admin/staff");
    return { ok: true, message: `${staff.name} can now sign in as ${staff.email}. Give them the password by a separate channel.` };
  } catch (error) {
    if (error instanceof HeraldError) return { ok: false, message: error.message };
    throw error;
  }
}

const roleInput = z.object({ id: z.uuid(), role: z.enum(STAFF_ROLES) });

export async function changeStaffRole(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const admin = await requireStaff("admin");
  const parsed = roleInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: "Choose a role: viewer, operator or admin." };
  const db = await getDb();
  const refusal = await lastAdminGuard(parsed.data.id, parsed.data.role === "admin");
  if (refusal) return { ok: false, message: refusal };
  const staff = await setStaffRole(db, parsed.data);
  if (!staff) return { ok: false, message: "This account no longer exists. Reload the page." };
  await recordAuditEvent(db, {
    actorType: "staff",
    actorId: staffActor(admin),
    action: "staff.role_changed",
    targetType: "staff",
    targetId: staff.id,
    data: { email: staff.email, role: staff.role },
  });
  revalidatePath("/admin/staff");
  return { ok: true, message: `${staff.name} is now ${staff.role}.` };
}

const removeInput = z.object({ id: z.uuid() });

export async function removeStaff(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const admin = await requireStaff("admin");
  const parsed = removeInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: "Unknown account. Reload the page." };
  if (parsed.data.id === admin.id) return { ok: false, message: "You cannot remove your own account. Ask another admin." };
  const refusal = await lastAdminGuard(parsed.data.id, false);
  if (refusal) return { ok: false, message: refusal };
  const db = await getDb();
  const staff = await deleteStaff(db, parsed.data);
  if (!staff) return { ok: false, message: "This account no longer exists. Reload the page." };
  await recordAuditEvent(db, {
    actorType: "staff",
    actorId: staffActor(admin),
    action: "staff.removed",
    targetType: "staff",
    targetId: staff.id,
    data: { email: staff.email, role: staff.role },
  });
  revalidatePath("/admin/staff");
  return { ok: true, message: `${staff.name} was removed and signed out everywhere.` };
}

// An installation without an admin could never manage staff or keys again.
async function lastAdminGuard(id: string, staysAdmin: boolean): Promise<string | null> {
  const db = await getDb();
  const target = await getStaff(db, { id });
  if (target?.role === "admin" && !staysAdmin && (await countStaff(db, { role: "admin" })) <= 1) {
    return "This is the last admin: make someone else admin first.";
  }
  return null;
}
