import { randomUUID } from "node:crypto";
import { and, asc, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { attemptDocuments, attempts, communications, documents } from "../schema";
import { STATUS } from "../schema/enums";
import { recordSet } from "./attempts";
import { documentRows, type NewDocument } from "./communication-intake";
import { enqueueJobs } from "./outbox";
import { handOverJob } from "./outbox-jobs";

// Appending attempts to the log: one, or a batch of them in the same statements. Every
// path that creates an attempt (first, resend, fallback, failover, bulk send) comes here,
// so a batch of a thousand first attempts and a single resend follow the same rules.

type AttemptRow = typeof attempts.$inferSelect;
type NewAttempt = typeof attempts.$inferInsert;
type CommunicationRow = typeof communications.$inferSelect;

export type InsertAttemptParams = {
  attempt: Omit<
    NewAttempt,
    | "seq"
    | "communicationId"
    | "customerId"
    | "customerName"
    | "locationGroup"
    | "communicationIgnoredAt"
    | "searchText"
    | "subjectRef"
    | "category"
  >;
  communicationId: string;
  /** Rendered files stored with this attempt (letter, invoice document). */
  newDocuments: readonly NewDocument[];
  /** Documents the communication already holds that go out with this attempt too, in this order. */
  existingDocumentIds: readonly string[];
  /** The bulk send this attempt belongs to: one attempt per bulk send and communication. */
  bulkJobId?: string;
};

export type InsertedAttempt = { attempt: AttemptRow; created: boolean };

/** insertAttempts for one attempt. */
export async function insertAttempt(db: Db, params: InsertAttemptParams): Promise<InsertedAttempt> {
  const [inserted] = await insertAttempts(db, [params]);
  return inserted!;
}

/**
 * Appends attempts, at most one per communication, under the communications' row locks: the
 * next seq, each communication's counters, latest status and search text, the documents,
 * and the hand-over job of every queued attempt — in one transaction, with one statement
 * per kind of row whatever the batch size. Idempotent for the engine's replays: a first
 * attempt is only created while its communication has none, a fallback (or failover) only
 * once per attempt it follows, a bulk send's attempt once per communication — otherwise
 * the existing attempt is returned (`created: false`). Results are in the order given.
 */
export async function insertAttempts(db: Db, batch: readonly InsertAttemptParams[]): Promise<InsertedAttempt[]> {
  if (batch.length === 0) return [];
  const communicationIds = batch.map((params) => params.communicationId);
  if (new Set(communicationIds).size !== batch.length) throw new Error("insertAttempts takes at most one attempt per communication");
  return db.transaction(async (tx) => {
    // Lock order: attempt before communication, as status writes do (the attempt row, then
    // followLatestAttempts on the communication). The new row's foreign key would lock the
    // repeated attempt anyway — taken after the communication, it deadlocked with a
    // concurrent hand-over of that attempt. Ids in order, so two batches cannot deadlock.
    const repeated = [...new Set(batch.flatMap((params) => params.attempt.repeatsAttemptId ?? []))].sort();
    if (repeated.length) {
      await tx.select({ id: attempts.id }).from(attempts).where(inArray(attempts.id, repeated)).orderBy(asc(attempts.id)).for("key share");
    }
    const locked = await tx
      .select()
      .from(communications)
      .where(inArray(communications.id, communicationIds))
      .orderBy(asc(communications.id))
      .for("update");
    const communicationOf = new Map(locked.map((row) => [row.id, row]));
    const missing = communicationIds.find((id) => !communicationOf.has(id));
    if (missing) throw new Error(`communication ${missing} does not exist`);
    const existing = await findExistingAttempts(tx, batch, communicationOf);
    const fresh = batch.filter((params) => !existing.has(params.communicationId));
    if (fresh.length === 0) return batch.map((params) => ({ attempt: existing.get(params.communicationId)!, created: false }));

    const now = new Date();
    const rows = await tx
      .insert(attempts)
      .values(fresh.map((params) => attemptRow(params, communicationOf.get(params.communicationId)!, now)))
      .returning();
    const created = new Map(rows.map((row) => [row.communicationId, row]));
    await linkDocuments(tx, fresh, created);
    // Their hand-overs are queued with them: committed together, or not at all.
    const queued = rows.filter((row) => row.status === STATUS.queued);
    await enqueueJobs(
      tx,
      queued.map((row) => handOverJob({ attemptId: row.id, provider: row.provider })),
    );
    await followNewAttempts(tx, rows, communicationOf, now);
    return batch.map((params) => {
      const made = created.get(params.communicationId);
      return made ? { attempt: made, created: true } : { attempt: existing.get(params.communicationId)!, created: false };
    });
  });
}

function attemptRow(params: InsertAttemptParams, communication: CommunicationRow, now: Date): NewAttempt {
  return {
    ...params.attempt,
    ...(params.bulkJobId ? { meta: { ...params.attempt.meta, bulkJobId: params.bulkJobId } } : {}),
    communicationId: communication.id,
    customerId: communication.customerId,
    seq: communication.attemptCount + 1,
    category: communication.category,
    subjectRef: communication.subjectRef,
    customerName: communication.customerName,
    locationGroup: communication.locationGroup,
    communicationIgnoredAt: communication.ignoredAt,
    searchText: `${communication.subjectRef} ${communication.customerName} ${params.attempt.recipient}`.toLowerCase(),
    statusAt: now,
    createdAt: now,
  };
}

/** The files of each new attempt, in order: the communication's documents it reuses, then the ones rendered for it. */
async function linkDocuments(db: Db, fresh: readonly InsertAttemptParams[], created: Map<string, AttemptRow>) {
  // Ids chosen here, so each stored file is known to belong to its attempt whatever order RETURNING takes.
  const stored = fresh.flatMap((params) =>
    documentRows(params.communicationId, params.newDocuments).map((row) => ({ ...row, id: randomUUID() })),
  );
  if (stored.length) await db.insert(documents).values(stored);
  const reusedIds = [...new Set(fresh.flatMap((params) => params.existingDocumentIds))];
  const reused = reusedIds.length
    ? await db.select({ id: documents.id, sha256: documents.sha256 }).from(documents).where(inArray(documents.id, reusedIds))
    : [];
  const hashOf = new Map([...reused, ...stored].map((file) => [file.id, file.sha256]));
  const links = fresh.flatMap((params) => {
    const attemptId = created.get(params.communicationId)!.id;
    const own = stored.filter((file) => file.communicationId === params.communicationId).map((file) => file.id);
    return [...params.existingDocumentIds.filter((id) => hashOf.has(id)), ...own].map((documentId, position) => ({
      attemptId,
      documentId,
      position,
      sha256: hashOf.get(documentId)!,
    }));
  });
  if (links.length) await db.insert(attemptDocuments).values(links);
}

/** Each communication follows its new attempt (counters, latest status, search text), in one UPDATE (the record set of db/queries/attempts.ts). */
async function followNewAttempts(db: Db, rows: readonly AttemptRow[], communicationOf: Map<string, CommunicationRow>, now: Date) {
  const updates = rows.map((attempt) => {
    const { searchText } = communicationOf.get(attempt.communicationId)!;
    const recipient = attempt.recipient.toLowerCase();
    return {
      id: attempt.communicationId,
      attempt_count: attempt.seq,
      status: attempt.status,
      status_label: attempt.statusLabel,
      channel: attempt.channel,
      last_error: attempt.errorMessage,
      search_text: searchText.includes(recipient) ? searchText : `${searchText} ${recipient}`.trim(),
    };
  });
  await db
    .update(communications)
    .set({
      attemptCount: sql`v.attempt_count`,
      status: sql`v.status`,
      statusLabel: sql`v.status_label`,
      channel: sql`v.channel`,
      lastError: sql`v.last_error`,
      searchText: sql`v.search_text`,
      lastActivityAt: now,
      updatedAt: now,
    })
    .from(
      recordSet(
        updates,
        "id uuid, attempt_count integer, status attempt_status, status_label text, channel channel, last_error text, search_text text",
      ),
    )
    .where(sql`${communications.id} = v.id`);
}

/** The attempts the batch already made, by communication (see insertAttempts). */
async function findExistingAttempts(
  db: Db,
  batch: readonly InsertAttemptParams[],
  communicationOf: Map<string, CommunicationRow>,
): Promise<Map<string, AttemptRow>> {
  const found = new Map<string, AttemptRow>();
  const ofCommunications = (list: readonly InsertAttemptParams[]) =>
    inArray(
      attempts.communicationId,
      list.map((params) => params.communicationId),
    );
  const started = (params: InsertAttemptParams) => communicationOf.get(params.communicationId)!.attemptCount > 0;
  const bulk = batch.filter((params) => params.bulkJobId && started(params));
  if (bulk.length) {
    const rows = await db
      .select()
      .from(attempts)
      .where(
        and(
          ofCommunications(bulk),
          inArray(sql<string>`${attempts.meta}->>'bulkJobId'`, [...new Set(bulk.map((params) => params.bulkJobId!))]),
        ),
      )
      // The latest: a bulk send's attempt moved to another provider is carried on by its failover.
      .orderBy(asc(attempts.seq));
    for (const params of bulk) {
      const latest = rows.filter((row) => row.communicationId === params.communicationId && row.meta.bulkJobId === params.bulkJobId).at(-1);
      if (latest) found.set(params.communicationId, latest);
    }
  }
  const first = batch.filter((params) => params.attempt.kind === "first" && started(params) && !found.has(params.communicationId));
  if (first.length) {
    const rows = await db
      .selectDistinctOn([attempts.communicationId])
      .from(attempts)
      .where(ofCommunications(first))
      .orderBy(attempts.communicationId, asc(attempts.seq));
    for (const row of rows) found.set(row.communicationId, row);
  }
  const following = batch.filter(
    (params) =>
      (params.attempt.kind === "fallback" || params.attempt.kind === "failover") &&
      params.attempt.repeatsAttemptId &&
      started(params) &&
      !found.has(params.communicationId),
  );
  if (following.length) {
    // Within the communications: their (communication, seq) index finds them without a scan.
    const rows = await db
      .select()
      .from(attempts)
      .where(
        and(
          ofCommunications(following),
          inArray(
            attempts.repeatsAttemptId,
            following.map((params) => params.attempt.repeatsAttemptId!),
          ),
        ),
      );
    for (const params of following) {
      const row = rows.find(
        (candidate) => candidate.kind === params.attempt.kind && candidate.repeatsAttemptId === params.attempt.repeatsAttemptId,
      );
      if (row) found.set(params.communicationId, row);
    }
  }
  return found;
}
