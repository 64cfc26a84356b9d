"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { liftSuppression } from "@/db/queries/suppressions";
import { staffActor } from "@/lib/auth/staff-session";
import { requireStaff } from "../current-staff";

// Lifting a suppression lets Herald send to the address again: an admin's decision (the
// recipient asked to be contacted again, the address was fixed at the provider), recorded
// with its reason in the audit trail by liftSuppression.

export type LiftState = { ok: boolean; message: string } | null;

const liftInput = z.object({
  id: z.uuid(),
  reason: z.string().trim().min(5, "Say why the suppression no longer applies (at least 5 characters).").max(1_000),
});

export async function liftSuppressionAction(_previous: LiftState, form: FormData): Promise<LiftState> {
  const admin = await requireStaff("admin");
  const parsed = liftInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." };
  const lifted = await liftSuppression(await getDb(), {
    id: parsed.data.id,
    actor: staffActor(admin),
    reason: parsed.data.reason,
    at: new Date(),
  });
  if (!lifted) return { ok: false, message: "This suppression is no longer active. Reload the page." };
  revalidatePath("/suppressions");
  return { ok: true, message: `Lifted: Herald may send to ${lifted.address} again.` };
}
