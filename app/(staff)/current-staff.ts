import "server-only";

/**
 * Who is acting, for ignored-by and the audit trail. Staff sign-in is not built yet, so
 * every action is attributed to this installation's operator (HERALD_OPERATOR_NAME,
 * default "Local operator"); the sign-in work replaces this with the session's user.
 */
export async function currentStaffName(): Promise<string> {
  return process.env.HERALD_OPERATOR_NAME?.trim() || "Local operator";
}
