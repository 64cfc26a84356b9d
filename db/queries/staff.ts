import { asc, count, eq } from "drizzle-orm";
import type { Db } from "../client";
import { staffUsers } from "../schema";

export type StaffRow = Pick<typeof staffUsers.$inferSelect, "id" | "name" | "email" | "role" | "createdAt">;
type StaffRole = StaffRow["role"];

const columns = {
  id: staffUsers.id,
  name: staffUsers.name,
  email: staffUsers.email,
  role: staffUsers.role,
  createdAt: staffUsers.createdAt,
};

export async function listStaff(db: Db): Promise<StaffRow[]> {
  return db.select(columns).from(staffUsers).orderBy(asc(staffUsers.name));
}

export async function countStaff(db: Db, params: { role?: StaffRole } = {}): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(staffUsers)
    .where(params.role ? eq(staffUsers.role, params.role) : undefined);
  return row?.n ?? 0;
}

export async function getStaff(db: Db, params: { id: string }): Promise<StaffRow | null> {
  const [row] = await db.select(columns).from(staffUsers).where(eq(staffUsers.id, params.id)).limit(1);
  return row ?? null;
}

export async function setStaffRole(db: Db, params: { id: string; role: StaffRole }): Promise<StaffRow | null> {
  const [row] = await db
    .update(staffUsers)
    .set({ role: params.role, updatedAt: new Date() })
    .where(eq(staffUsers.id, params.id))
    .returning(columns);
  return row ?? null;
}

/** The staff member's UI language; null goes back to following their browser. */
export async function setStaffLocale(db: Db, params: { id: string; locale: string | null }): Promise<boolean> {
  const rows = await db
    .update(staffUsers)
    .set({ locale: params.locale, updatedAt: new Date() })
    .where(eq(staffUsers.id, params.id))
    .returning({ id: staffUsers.id });
  return rows.length > 0;
}

/** Removes a staff account; its sessions and credentials go with it (ON DELETE CASCADE). */
export async function deleteStaff(db: Db, params: { id: string }): Promise<StaffRow | null> {
  const [row] = await db.delete(staffUsers).where(eq(staffUsers.id, params.id)).returning(columns);
  return row ?? null;
}
