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
import { actionTranslator } from "@/app/i18n/request-locale";
import { requireStaff } from "../../current-staff";

export type StaffFormState = { ok: boolean; message: string } | null;

type Translate = Awaited<ReturnType<typeof actionTranslator<"actions">>>;

// The field a refused form names, in the admin's language (the schema's own messages are English).
function staffFormProblem(issue: { path: PropertyKey[]; code: string } | undefined, t: Translate): string {
  const tooLong = issue?.code === "too_big";
  switch (issue?.path[0]) {
    case "email":
      return t("staffEmail");
    case "name":
      return tooLong ? t("staffNameTooLong") : t("staffName");
    case "role":
      return t("staffRole");
    case "password":
      return tooLong ? t("staffPasswordTooLong") : t("staffPassword");
    default:
      return t("checkForm");
  }
}

export async function createStaff(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const admin = await requireStaff("admin");
  const t = await actionTranslator("actions");
  const parsed = staffAccountInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: staffFormProblem(parsed.error.issues[0], t) };
  try {
    const staff = await createStaffAccount(await getAuth(), await getDb(), { ...parsed.data, createdBy: staffActor(admin) });
    revalidatePath("/admin/staff");
    return { ok: true, message: t("staffCreated", { name: staff.name, email: staff.email }) };
  } catch (error) {
    if (error instanceof HeraldError && error.code === "staff_exists")
      return { ok: false, message: t("staffExists", { email: parsed.data.email }) };
    if (error instanceof HeraldError) return { ok: false, message: error.message };
    throw error;
  }
}

const roleInput = z.object({ id: z.uuid(), role: z.enum(STAFF_ROLES) });

export async function changeStaffRole(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const admin = await requireStaff("admin");
  const t = await actionTranslator("actions");
  const parsed = roleInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: t("staffRole") };
  const db = await getDb();
  if (await isLastAdmin(parsed.data.id, parsed.data.role === "admin")) return { ok: false, message: t("lastAdmin") };
  const staff = await setStaffRole(db, parsed.data);
  if (!staff) return { ok: false, message: t("staffGone") };
  await recordAuditEvent(db, {
    actorType: "staff",
    actorId: staffActor(admin),
    action: "staff.role_changed",
    targetType: "staff",
    targetId: staff.id,
    data: { email: staff.email, role: staff.role },
  });
  revalidatePath("/admin/staff");
  const roles = await actionTranslator("role");
  return { ok: true, message: t("roleChanged", { name: staff.name, role: roles(staff.role) }) };
}

const removeInput = z.object({ id: z.uuid() });

export async function removeStaff(_previous: StaffFormState, form: FormData): Promise<StaffFormState> {
  const admin = await requireStaff("admin");
  const t = await actionTranslator("actions");
  const parsed = removeInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: t("unknownAccount") };
  if (parsed.data.id === admin.id) return { ok: false, message: t("removeSelf") };
  if (await isLastAdmin(parsed.data.id, false)) return { ok: false, message: t("lastAdmin") };
  const db = await getDb();
  const staff = await deleteStaff(db, parsed.data);
  if (!staff) return { ok: false, message: t("staffGone") };
  await recordAuditEvent(db, {
    actorType: "staff",
    actorId: staffActor(admin),
    action: "staff.removed",
    targetType: "staff",
    targetId: staff.id,
    data: { email: staff.email, role: staff.role },
  });
  revalidatePath("/admin/staff");
  return { ok: true, message: t("staffRemoved", { name: staff.name }) };
}

// An installation without an admin could never manage staff or keys again.
async function isLastAdmin(id: string, staysAdmin: boolean): Promise<boolean> {
  const db = await getDb();
  const target = await getStaff(db, { id });
  return target?.role === "admin" && !staysAdmin && (await countStaff(db, { role: "admin" })) <= 1;
}
