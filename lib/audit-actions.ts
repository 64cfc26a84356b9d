import { AUDIT_ACTION_CODES, type AuditAction } from "@/db/queries/audit-events";

// The audit trail's actions in words, in one place: the audit page's column and its
// action filter read them here. Keyed by every code recordAuditEvent accepts
// (db/queries/audit-events.ts), so a new action cannot be recorded without its phrase.
export const AUDIT_ACTIONS: Record<AuditAction, string> = {
  "staff.signed_in": "Signed in",
  "staff.sign_in_failed": "Failed to sign in",
  "staff.password_changed": "Changed their password",
  "staff.created": "Added a staff member",
  "staff.role_changed": "Changed a staff member's role",
  "staff.removed": "Removed a staff member",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "communication.ignored": "Ignored a communication",
  "communication.unignored": "Stopped ignoring a communication",
  "attempt.resent": "Resent an attempt",
  "attempt.manual_completed": "Recorded a manual delivery",
  "bulk_send.started": "Started a bulk send",
  "provider_route.changed": "Changed a channel's provider routing",
};

export function isAuditAction(value: string): value is AuditAction {
  return (AUDIT_ACTION_CODES as readonly string[]).includes(value);
}

/** The phrase for an action; a code recorded by an older version shows as it is. */
export function auditActionLabel(action: string): string {
  return isAuditAction(action) ? AUDIT_ACTIONS[action] : action;
}
