import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { checkStaffRole, getStaffSession, type Staff } from "@/lib/auth/staff-session";
import type { StaffRole } from "@/lib/auth/roles";
import { HeraldError } from "@/lib/errors";

/**
 * The signed-in staff member of this request, or null: one session lookup per render, shared
 * by the layout, the page and the language choice (app/i18n/request-locale.ts).
 */
export const currentStaff = cache(async (): Promise<Staff | null> => getStaffSession(await headers()));

/**
 * The check every staff page and server action starts with: the signed-in staff member
 * if their role is at least `minimum`. No session → redirect to the sign-in page (and
 * back to the requested page afterwards); role too low → the 403 page (app/forbidden.tsx). Hiding a
 * button is a courtesy; this is the enforcement. Route handlers use
 * authorizeStaffRequest (lib/auth/staff-session.ts), which answers 401/403 JSON instead.
 */
export async function requireStaff(minimum: StaffRole): Promise<Staff> {
  const requestHeaders = await headers();
  try {
    return checkStaffRole(await currentStaff(), minimum);
  } catch (error) {
    if (error instanceof HeraldError && error.status === 401) {
      // Set by proxy.ts for page requests; the sign-in page re-validates it.
      const returnTo = requestHeaders.get("x-herald-return-to");
      redirect(returnTo ? `/sign-in?returnTo=${encodeURIComponent(returnTo)}` : "/sign-in");
    }
    if (error instanceof HeraldError && error.status === 403) forbidden();
    throw error;
  }
}
