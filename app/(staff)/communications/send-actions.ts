"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getBulkJob, insertBulkJob } from "@/db/queries/bulk-jobs";
import { listMatchingCommunicationIds } from "@/db/queries/communications";
import { completeManualAttempt } from "@/db/queries/attempt-writes";
import { getAttempt, listAttemptFiles } from "@/db/queries/sending-reads";
import { recordAuditEvent } from "@/db/queries/audit-events";
import { publishOutbox } from "@/inngest/outbox";
import { staffActor } from "@/lib/auth/staff-session";
import { HeraldError } from "@/lib/errors";
import { toFilters } from "@/lib/filters/communication-filters";
import { dryRunBulkSend, type DryRunSummary } from "@/lib/sending/dry-run";
import { resendAttempt, resendTarget } from "@/lib/sending/resend-attempt";
import type { PlannedChannel } from "@/lib/routing/plan-channels";
import { getSendingDeps } from "@/lib/sending/runtime";
import { getSendingRows } from "@/lib/sending/sending-rows";
import { type Channel } from "@/lib/status";
import { actionTranslator } from "@/app/i18n/request-locale";
import { requireStaff } from "../current-staff";
import { loadCommunicationsSearchParams } from "./search-params";

// Staff send actions: bulk send (dry run, then confirm), resend from the log, and manual
// attempts recorded as done. Every action checks the role on the server first.

/** The most a bulk send takes at once; a larger "all matching" asks for a narrower filter. */
const MAX_BULK = 10_000;

const selectionInput = z.union([
  z.object({ ids: z.array(z.guid()).min(1).max(MAX_BULK) }),
  z.object({ allMatching: z.literal(true), search: z.string().max(4_000) }),
]);
export type BulkSelection = z.infer<typeof selectionInput>;

export type BulkPreview = { ok: true; summary: DryRunSummary } | { ok: false; message: string };

export async function previewBulkSend(selection: BulkSelection): Promise<BulkPreview> {
  await requireStaff("operator");
  const ids = await resolveSelection(selection);
  if (!ids.ok) return ids;
  const { db } = await getSendingDeps();
  return { ok: true, summary: await dryRunBulkSend(db, { communicationIds: ids.ids }) };
}

export async function confirmBulkSend(selection: BulkSelection): Promise<{ ok: true; jobId: string } | { ok: false; message: string }> {
  const staff = await requireStaff("operator");
  const ids = await resolveSelection(selection);
  if (!ids.ok) return ids;
  const { db } = await getSendingDeps();
  const job = await insertBulkJob(db, { communicationIds: ids.ids, createdBy: staff.name });
  await recordAuditEvent(db, {
    actorType: "staff",
    actorId: staffActor(staff),
    action: "bulk_send.started",
    targetType: "bulk_job",
    targetId: job.id,
    data: { total: job.total },
  });
  await publishOutbox(db);
  return { ok: true, jobId: job.id };
}

export async function getBulkSendProgress(jobId: string) {
  await requireStaff("viewer");
  const parsed = z.guid().safeParse(jobId);
  if (!parsed.success) return null;
  const job = await getBulkJob((await getSendingDeps()).db, { id: parsed.data });
  return (
    job && {
      id: job.id,
      status: job.status,
      total: job.total,
      processed: job.processed,
      succeeded: job.succeeded,
      failed: job.failed,
      error: job.error,
    }
  );
}

/** `bodyText` null: a manual attempt's resend renders a fresh message for the planned channel. */
export type ResendPreview =
  | { ok: true; channel: Channel; recipient: string; subject: string | null; bodyText: string | null; documents: string[] }
  | { ok: false; message: string };

/** Where a resend would go now, and what it would send (the original snapshot). */
export async function previewResend(attemptId: string): Promise<ResendPreview> {
  await requireStaff("operator");
  const t = await actionTranslator("actions");
  const { db } = await getSendingDeps();
  const attempt = z.guid().safeParse(attemptId).success ? await getAttempt(db, { attemptId }) : null;
  if (!attempt) return { ok: false, message: t("attemptGone") };
  const sending = await getSendingRows(db, { communicationId: attempt.communicationId });
  if (!sending) return { ok: false, message: t("communicationGone") };
  let target: PlannedChannel;
  try {
    target = resendTarget(sending, attempt);
  } catch (error) {
    // The planner's refusal names the contact details and opt-outs it found, as recorded.
    if (error instanceof HeraldError) return { ok: false, message: error.message };
    throw error;
  }
  const files = await listAttemptFiles(db, { attemptId: attempt.id });
  return {
    ok: true,
    channel: target.channel,
    recipient: target.contactPoint,
    subject: attempt.channel === "manual" ? null : attempt.subject,
    bodyText: attempt.channel === "manual" ? null : attempt.bodyText,
    documents: files.map((file) => file.filename),
  };
}

export async function resendFromLog(attemptId: string): Promise<{ ok: true; attemptId: string } | { ok: false; message: string }> {
  const staff = await requireStaff("operator");
  const t = await actionTranslator("actions");
  if (!z.guid().safeParse(attemptId).success) return { ok: false, message: t("unknownAttempt") };
  const deps = await getSendingDeps();
  try {
    const resent = await resendAttempt(deps, { attemptId, createdBy: staff.name });
    await recordAuditEvent(deps.db, {
      actorType: "staff",
      actorId: staffActor(staff),
      action: "attempt.resent",
      targetType: "communication",
      targetId: resent.communicationId,
      data: { attemptId: resent.id, repeats: attemptId },
    });
    await publishOutbox(deps.db);
    revalidatePath("/communications");
    return { ok: true, attemptId: resent.id };
  } catch (error) {
    if (error instanceof HeraldError && error.code === "attempt_not_found") return { ok: false, message: t("attemptGone") };
    if (error instanceof HeraldError && error.code === "communication_not_found") return { ok: false, message: t("communicationGone") };
    if (error instanceof HeraldError) return { ok: false, message: error.message };
    throw error;
  }
}

const manualInput = z.object({
  attemptId: z.guid(),
  note: z.string().trim().min(3).max(1_000),
});
export type ManualState = { ok: boolean; message: string } | null;

export async function markManualDone(_previous: ManualState, form: FormData): Promise<ManualState> {
  const staff = await requireStaff("operator");
  const t = await actionTranslator("actions");
  const parsed = manualInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] !== "note") return { ok: false, message: t("invalidRequest") };
    return { ok: false, message: issue.code === "too_big" ? t("manualNoteTooLong") : t("manualNoteTooShort") };
  }
  const { db } = await getSendingDeps();
  const done = await completeManualAttempt(db, {
    attemptId: parsed.data.attemptId,
    note: parsed.data.note,
    actor: staffActor(staff),
    at: new Date(),
  });
  if (!done) return { ok: false, message: t("manualNoLongerWaiting") };
  revalidatePath("/communications");
  return { ok: true, message: t("recordedAsSent") };
}

async function resolveSelection(selection: BulkSelection): Promise<{ ok: true; ids: string[] } | { ok: false; message: string }> {
  const t = await actionTranslator("actions");
  const parsed = selectionInput.safeParse(selection);
  if (!parsed.success) return { ok: false, message: t("bulkSelection", { max: MAX_BULK }) };
  if ("ids" in parsed.data) return { ok: true, ids: [...new Set(parsed.data.ids)] };
  const filters = toFilters(loadCommunicationsSearchParams(new URLSearchParams(parsed.data.search)));
  const ids = await listMatchingCommunicationIds((await getSendingDeps()).db, { filters, limit: MAX_BULK + 1 });
  if (ids.length > MAX_BULK)
    return {
      ok: false,
      message: t("bulkTooMany", { max: MAX_BULK }),
    };
  return { ok: true, ids };
}
