"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { searchCustomers, setCommunicationIgnored } from "@/db/queries/communications";
import { staffActor } from "@/lib/auth/staff-session";
import { actionTranslator } from "@/app/i18n/request-locale";
import { requireStaff } from "../current-staff";

const findCustomersInput = z.object({ query: z.string().max(100) });

export async function findCustomers(input: { query: string }) {
  await requireStaff("viewer");
  const { query } = findCustomersInput.parse(input);
  return searchCustomers(await getDb(), { query, limit: 20 });
}

export type IgnoreState = { ok: boolean; message: string } | null;

const ignoreInput = z.discriminatedUnion("ignored", [
  z.object({
    id: z.uuid(),
    ignored: z.literal("true"),
    reason: z.string().trim().min(3).max(500),
  }),
  z.object({ id: z.uuid(), ignored: z.literal("false") }),
]);

// Ignore or un-ignore a communication (form action). Who, when and why are stored on the
// row and in the audit trail.
export async function setIgnored(_previous: IgnoreState, form: FormData): Promise<IgnoreState> {
  const staff = await requireStaff("operator");
  const t = await actionTranslator("actions");
  const parsed = ignoreInput.safeParse(Object.fromEntries(form));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] !== "reason") return { ok: false, message: t("invalidRequest") };
    return { ok: false, message: issue.code === "too_big" ? t("ignoreReasonTooLong") : t("ignoreReasonTooShort") };
  }
  const ignored = parsed.data.ignored === "true";
  const found = await setCommunicationIgnored(await getDb(), {
    id: parsed.data.id,
    ignored,
    actor: staff.name,
    actorId: staffActor(staff),
    reason: parsed.data.ignored === "true" ? parsed.data.reason : undefined,
  });
  if (!found) return { ok: false, message: t("communicationGone") };
  revalidatePath("/communications");
  return { ok: true, message: ignored ? t("ignored") : t("restored") };
}
