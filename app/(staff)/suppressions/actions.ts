"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { liftSuppression } from "@/db/queries/suppressions";
import { staffActor } from "@/lib/auth/staff-session";
import { actionTranslator } from "@/app/i18n/request-locale";
import { requireStaff } from "../current-staff";

// Lifting a suppression lets Herald send to the address again: an admin's decision (the
// recipient asked to be contacted again, the address was fixed at the provider), recorded
// with its reason in the audit trail by liftSuppression.

export type LiftState = { ok: boolean; message: string } | null;

const liftInput = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(5).max(1_000),
});

export async function liftSuppressionAction(_previous: LiftState, form: FormData): Promise<LiftState> {
  const admin = await requireStaff("admin");
  const t = await actionTranslator("actions");
  const parsed = liftInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] !== "reason") return { ok: false, message: t("checkForm") };
    return { ok: false, message: issue.code === "too_big" ? t("liftReasonTooLong") : t("liftReasonTooShort") };
  }
  const lifted = await liftSuppression(await getDb(), {
    id: parsed.data.id,
    actor: staffActor(admin),
    reason: parsed.data.reason,
    at: new Date(),
  });
  if (!lifted) return { ok: false, message: t("suppressionGone") };
  revalidatePath("/suppressions");
  return { ok: true, message: t("lifted", { address: lifted.address }) };
}
