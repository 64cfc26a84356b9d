"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { API_KEY_SCOPES, createApiKey, revokeApiKeyById } from "@/lib/auth/api-keys";
import { staffActor } from "@/lib/auth/staff-session";
import { HeraldError } from "@/lib/errors";
import { actionTranslator } from "@/app/i18n/request-locale";
import { requireStaff } from "../../current-staff";

export type CreateKeyState = { ok: true; name: string; secret: string } | { ok: false; message: string } | null;

const createInput = z.object({
  name: z.string().trim().min(2).max(100),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1),
});

export async function createKey(_previous: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const admin = await requireStaff("admin");
  const t = await actionTranslator("actions");
  const parsed = createInput.safeParse({ name: form.get("name"), scopes: form.getAll("scopes") });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue?.path[0] === "scopes") return { ok: false, message: t("keyScopes") };
    return { ok: false, message: issue?.code === "too_big" ? t("keyNameTooLong") : t("keyName") };
  }
  const { key, secret } = await createApiKey(await getDb(), { ...parsed.data, createdBy: staffActor(admin) });
  revalidatePath("/admin/api-keys");
  return { ok: true, name: key.name, secret };
}

export type RevokeKeyState = { ok: boolean; message: string } | null;

export async function revokeKey(_previous: RevokeKeyState, form: FormData): Promise<RevokeKeyState> {
  const admin = await requireStaff("admin");
  const t = await actionTranslator("actions");
  const parsed = z.object({ id: z.uuid() }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: t("unknownKey") };
  try {
    const key = await revokeApiKeyById(await getDb(), { id: parsed.data.id, revokedBy: staffActor(admin) });
    revalidatePath("/admin/api-keys");
    return { ok: true, message: t("keyRevoked", { name: key.name, prefix: key.prefix }) };
  } catch (error) {
    if (error instanceof HeraldError && error.code === "api_key_not_found") return { ok: false, message: t("keyGone") };
    if (error instanceof HeraldError) return { ok: false, message: error.message };
    throw error;
  }
}
