import { eq, sql } from "drizzle-orm";
import type { Db } from "../client";
import { communications, customers, documents } from "../schema";
import { enqueueJobs } from "./outbox";
import { planCommunicationJob } from "./outbox-jobs";

// How a communication enters Herald: stored with its documents, once per idempotency key.

export type NewDocument = { filename: string; contentType: string; content: Uint8Array; sha256: string };

export type NewCommunication = {
  customerId: string;
  subjectType: (typeof communications.$inferInsert)["subjectType"];
  subjectRef: string;
  category: (typeof communications.$inferInsert)["category"];
  locale?: string;
  templateData?: Record<string, unknown>;
  channelOverride?: (typeof communications.$inferInsert)["channelOverride"];
  idempotencyKey?: string;
  requestHash?: string;
  documents?: readonly NewDocument[];
};

/**
 * A new communication, queued for planning (status queued, no attempt yet), with its
 * documents and the job that plans it, in one transaction.
 */
export async function insertCommunication(db: Db, params: NewCommunication) {
  return db.transaction(async (tx) => {
    const [customer] = await tx.select().from(customers).where(eq(customers.id, params.customerId));
    if (!customer) throw new Error(`customer ${params.customerId} does not exist`);
    const [communication] = await tx
      .insert(communications)
      .values({
        customerId: customer.id,
        subjectType: params.subjectType,
        subjectRef: params.subjectRef,
        category: params.category,
        templateKey: params.category,
        locale: params.locale ?? customer.locale,
        templateData: params.templateData ?? {},
        channelOverride: params.channelOverride ?? null,
        idempotencyKey: params.idempotencyKey ?? null,
        requestHash: params.requestHash ?? null,
        customerName: customer.name,
        locationGroup: customer.locationGroup,
        searchText: `${params.subjectRef} ${customer.name}`.toLowerCase(),
      })
      .returning();
    if (!communication) throw new Error("communication insert returned nothing");
    if (params.documents?.length) await tx.insert(documents).values(documentRows(communication.id, params.documents));
    await enqueueJobs(tx, [planCommunicationJob({ communicationId: communication.id })]);
    return communication;
  });
}

/**
 * Serialises requests carrying the same idempotency key until the caller's transaction
 * ends, so concurrent retries of one request create one communication.
 */
export async function lockIdempotencyKey(db: Db, params: { key: string }) {
  await db.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${params.key}, 7))`);
}

export async function getCommunicationByIdempotencyKey(db: Db, params: { key: string }) {
  const [row] = await db.select().from(communications).where(eq(communications.idempotencyKey, params.key));
  return row ?? null;
}

/** Document rows for files stored with a communication or with one of its attempts. */
export function documentRows(communicationId: string, files: readonly NewDocument[]) {
  return files.map((file) => ({
    communicationId,
    filename: file.filename,
    contentType: file.contentType,
    byteSize: file.content.byteLength,
    sha256: file.sha256,
    content: file.content,
  }));
}
