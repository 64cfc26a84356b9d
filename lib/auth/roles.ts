import { staffRoleEnum } from "@/db/schema";

// Three roles, each including everything the one before it may do:
// viewer — read, search, download; operator — + send, resend, bulk send, ignore, mark manual
// as done; admin — + staff accounts, API keys, templates, provider settings.
export const STAFF_ROLES = staffRoleEnum.enumValues;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_LABELS: Record<StaffRole, string> = { viewer: "Viewer", operator: "Operator", admin: "Admin" };

export const ROLE_DESCRIPTIONS: Record<StaffRole, string> = {
  viewer: "Read, search and download",
  operator: "Also send, resend, bulk send, ignore and mark manual sends done",
  admin: "Also manage staff accounts, API keys, templates and provider settings",
};

export function hasRole(role: StaffRole, minimum: StaffRole): boolean {
  return STAFF_ROLES.indexOf(role) >= STAFF_ROLES.indexOf(minimum);
}

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === "string" && (STAFF_ROLES as readonly string[]).includes(value);
}
