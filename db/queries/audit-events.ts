import { and, desc, eq, lt, type SQL } from "drizzle-orm";
import type { Db } from "../client";
import { auditEvents } from "../schema";

export type AuditActorType = (typeof auditEvents.$inferInsert)["actorType"];

export type AuditEventInput = {
  actorType: AuditActorType;
  /** Staff: "Name <email>"; API key: its name and prefix — readable without a join, and kept when the actor is removed. */
  actorId: string;
  action: string;
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

/** Newest first, keyset-paginated on the id (audit_events_pkey), optionally one action only. */
export async function listAuditEvents(
  db: Db,
  params: { limit: number; before?: number; action?: string },
): Promise<AuditEventRow[]> {
  const conditions: SQL[] = [];
  if (params.before) conditions.push(lt(auditEvents.id, params.before));
  if (params.action) conditions.push(eq(auditEvents.action, params.action));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conditions))
    .orderBy(desc(auditEvents.id))
    .limit(params.limit);
}
