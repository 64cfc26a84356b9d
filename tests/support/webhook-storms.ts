import { randomUUID } from "node:crypto";
import { inArray } from "drizzle-orm";
import { expect } from "vitest";
import type { Db } from "@/db/client";
import { attempts, communications, jobOutbox, providerEvents } from "@/db/schema";
import { sendgridEvent, twilioCallback, twilioSid } from "@/lib/providers/sandbox/webhook-payloads";
import { STATUS } from "@/lib/status";
import { createAttempt } from "./attempt-factory";

// Webhook storms about the same attempts, shared by the tests that deliver them in the
// request (tests/integration/webhook-concurrency.test.ts) and through the inbox
// (tests/integration/webhook-inbox.test.ts): the same attempts and events, delivered however
// the test delivers them, and the same outcome checked — every distinct event stored once,
// each attempt in the fold of its events, one fallback per failure.

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Ten SMS attempts, half of them bouncing: their Twilio callbacks (form fields), each distinct once. */
export async function twilioStorm(db: Db) {
  const made = await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      const sid = twilioSid();
      const attempt = await createAttempt(db, { provider: "twilio", providerMessageId: sid, status: STATUS.sent });
      return { sid, bounces: i % 2 === 0, ...attempt };
    }),
  );
  const callbacks = made.flatMap(({ sid, bounces }) => [
    twilioCallback(sid, "sent"),
    twilioCallback(sid, "delivered"),
    ...(bounces ? [twilioCallback(sid, "undelivered", "30005")] : []),
  ]);
  const check = async () => {
    const ids = made.map(({ attemptId }) => attemptId);
    const folds = made.map(({ bounces }) => (bounces ? STATUS.failed : STATUS.delivered));
    const rows = await db.select({ id: attempts.id, status: attempts.status }).from(attempts).where(inArray(attempts.id, ids));
    const statusOf = new Map(rows.map((row) => [row.id, row.status]));
    expect(made.map(({ attemptId }) => statusOf.get(attemptId))).toEqual(folds);
    const communicationIds = made.map(({ communicationId }) => communicationId);
    const comms = await db
      .select({ status: communications.status })
      .from(communications)
      .where(inArray(communications.id, communicationIds));
    expect(comms.map((row) => row.status).sort()).toEqual([...folds].sort());
    expect(await db.select().from(providerEvents).where(inArray(providerEvents.attemptId, ids))).toHaveLength(callbacks.length);
    const fallbackKeys = ids.map((id) => `attempt-failed:${id}:failed`);
    const fallbacks = await db.select().from(jobOutbox).where(inArray(jobOutbox.dedupeKey, fallbackKeys));
    expect(fallbacks).toHaveLength(made.filter(({ bounces }) => bounces).length);
  };
  return { callbacks, check };
}

/** 24 e-mails' processed, delivered and open events, shuffled across six SendGrid batches. */
export async function sendgridStorm(db: Db) {
  const ids = Array.from({ length: 24 }, () => randomUUID().slice(0, 22));
  const made = await Promise.all(ids.map((id) => createAttempt(db, { provider: "sendgrid", providerMessageId: id })));
  const elements = shuffle(ids.flatMap((id) => ["processed", "delivered", "open"].map((kind) => sendgridEvent(kind, id))));
  const batches = Array.from({ length: 6 }, (_, i) => elements.filter((_, index) => index % 6 === i));
  const check = async () => {
    const attemptIds = made.map(({ attemptId }) => attemptId);
    const rows = await db
      .select({ status: attempts.status, openedAt: attempts.openedAt })
      .from(attempts)
      .where(inArray(attempts.id, attemptIds));
    expect(rows.filter((row) => row.status === STATUS.delivered && row.openedAt !== null)).toHaveLength(ids.length);
    const stored = await db
      .select({ key: providerEvents.eventKey })
      .from(providerEvents)
      .where(inArray(providerEvents.attemptId, attemptIds));
    expect(stored).toHaveLength(elements.length);
    expect(new Set(stored.map((row) => row.key)).size).toBe(elements.length);
  };
  return { events: elements.length, batches, check };
}
