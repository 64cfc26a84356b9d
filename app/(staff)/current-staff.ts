import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { authorizeStaff, type Staff } from "@/lib/auth/staff-session";
import type { StaffRole } from "@/lib/auth/roles";
import { HeraldError } from "@/lib/errors";

/**
 * The check every staff page and server action starts with: the signed-in staff member
 * if their role is at least `minimum`. No session → redirect to the sign-in page (back
 * to `returnTo` afterwards); role too low → the 403 page (app/forbidden.tsx). Hiding a
 * button is a courtesy; this is the enforcement. Route handlers use
 * authorizeStaffRequest (lib/auth/staff-session.ts), which answers 401/403 JSON instead.
 */
export async function requireStaff(minimum: StaffRole, returnTo?: string): Promise<Staff> {
  try {
    return await authorizeStaff(await headers(), minimum);
  } catch (error) {
    if (error instanceof HeraldError && error.status === 401) {
      redirect(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in");
    }
    if (error instanceof HeraldError && error.status === 403) forbidden();
    throw error;
  }
}
