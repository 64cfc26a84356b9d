import { and, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { auditEvents } from "../schema";

/**
 * Every action the audit trail records, one spelling each; lib/audit-actions.ts gives each
 * its words for the audit page (a Record, so a new code cannot go without them).
 */
export const AUDIT_ACTION_CODES = [
  "staff.signed_in",
  "staff.sign_in_failed",
  "staff.password_changed",
  "staff.created",
  "staff.role_changed",
  "staff.removed",
  "api_key.created",
  "api_key.revoked",
  "communication.ignored",
  "communication.unignored",
  "attempt.resent",
  "attempt.manual_completed",
  "bulk_send.started",
  "provider_route.changed",
] as const;

export type AuditAction = (typeof AUDIT_ACTION_CODES)[number];

export type AuditActorType = (typeof auditEvents.$inferInsert)["actorType"];

export type AuditEventInput = {
  actorType: AuditActorType;
  /** Staff: "Name <email>"; API key: its name and prefix — readable without a join, and kept when the actor is removed. */
  actorId: string;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  data?: Record<string, unknown>;
  at?: Date;
};

/** Who did what, when. Sends, resends and bulk sends are written through here too. */
export async function recordAuditEvent(db: Db, event: AuditEventInput): Promise<void> {
  await db.insert(auditEvents).values({
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    data: event.data ?? {},
    createdAt: event.at ?? new Date(),
  });
}

export type AuditEventRow = typeof auditEvents.$inferSelect;

/**
 * Newest first, keyset-paginated on the id (audit_events_pkey); optionally one action, an
 * actor (part of "Name <email>" or a key's name) and a time window [from, to).
 */
export async function listAuditEvents(
  db: Db,
  params: { limit: number; before?: number; action?: string; actor?: string; from?: Date; to?: Date },
): Promise<AuditEventRow[]> {
  const conditions: SQL[] = [];
  if (params.before) conditions.push(lt(auditEvents.id, params.before));
  if (params.action) conditions.push(eq(auditEvents.action, params.action));
  if (params.actor) conditions.push(ilike(auditEvents.actorId, `%${params.actor.replace(/[\\%_]/g, "\\$&")}%`));
  if (params.from) conditions.push(gte(auditEvents.createdAt, params.from));
  if (params.to) conditions.push(lt(auditEvents.createdAt, params.to));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(params.limit);
}
