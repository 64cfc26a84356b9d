import { HeraldError } from "@/lib/errors";
import { isStaffLocale, type StaffLocale } from "@/lib/i18n/locales";
import { getAuth } from "./auth";
import { hasRole, isStaffRole, ROLE_LABELS, type StaffRole } from "./roles";

/** `locale`: the UI language the staff member chose; null follows their browser. */
export type Staff = { id: string; name: string; email: string; role: StaffRole; locale: StaffLocale | null };

/** The signed-in staff member for these request headers (session cookie), or null. */
export async function getStaffSession(headers: Headers): Promise<Staff | null> {
  const session = await (await getAuth()).api.getSession({ headers });
  if (!session) return null;
  const { id, name, email, role, locale } = session.user;
  // A role outside the enum cannot come from the database; treat it as no access at all.
  if (!isStaffRole(role)) return null;
  return { id, name, email, role, locale: isStaffLocale(locale) ? locale : null };
}

/**
 * The one server-side check: the staff member behind these headers, if their role is at
 * least `minimum`; otherwise a HeraldError 401 (no or expired session) or 403 (role too
 * low). Route handlers call it through authorizeStaffRequest; pages and server actions
 * through requireStaff (app/(staff)/current-staff.ts), which turns the errors into a
 * redirect to sign-in or the 403 page.
 */
export async function authorizeStaff(headers: Headers, minimum: StaffRole): Promise<Staff> {
  return checkStaffRole(await getStaffSession(headers), minimum);
}

/** authorizeStaff for a session already looked up (null: none). */
export function checkStaffRole(staff: Staff | null, minimum: StaffRole): Staff {
  if (!staff) {
    throw new HeraldError(401, "unauthenticated", "Sign in to Herald first: this needs a staff session (your session may have expired).");
  }
  if (!hasRole(staff.role, minimum)) {
    throw new HeraldError(
      403,
      "forbidden",
      `Your role (${ROLE_LABELS[staff.role]}) cannot do this: it needs ${ROLE_LABELS[minimum]}. Ask an admin to change your role.`,
    );
  }
  return staff;
}

export function authorizeStaffRequest(request: Request, minimum: StaffRole): Promise<Staff> {
  return authorizeStaff(request.headers, minimum);
}

/** How a staff member appears in audit events: readable, and still meaningful after the account is removed. */
export function staffActor(staff: Staff): string {
  return staff.email;
}
