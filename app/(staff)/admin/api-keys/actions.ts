"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { API_KEY_SCOPES, createApiKey, revokeApiKeyById } from "@/lib/auth/api-keys";
import { staffActor } from "@/lib/auth/staff-session";
import { HeraldError } from "@/lib/errors";
import { requireStaff } from "../../current-staff";

export type CreateKeyState = { ok: true; name: string; secret: string } | { ok: false; message: string } | null;

const createInput = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Name the key after the team or system using it (at least 2 characters).")
    .max(100, "Keep the name under 100 characters."),
  scopes: z.array(z.enum(API_KEY_SCOPES)).min(1, "Choose at least one scope: send or read."),
});

export async function createKey(_previous: CreateKeyState, form: FormData): Promise<CreateKeyState> {
  const admin = await requireStaff("admin");
  const parsed = createInput.safeParse({ name: form.get("name"), scopes: form.getAll("scopes") });
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? "Check the form." };
  const { key, secret } = await createApiKey(await getDb(), { ...parsed.data, createdBy: staffActor(admin) });
  revalidatePath("/admin/api-keys");
  return { ok: true, name: key.name, secret };
}

export type RevokeKeyState = { ok: boolean; message: string } | null;

export async function revokeKey(_previous: RevokeKeyState, form: FormData): Promise<RevokeKeyState> {
  const admin = await requireStaff("admin");
  const parsed = z.object({ id: z.uuid() }).safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: "Unknown key. Reload the page." };
  try {
    const key = await revokeApiKeyById(await getDb(), { id: parsed.data.id, revokedBy: staffActor(admin) });
    revalidatePath("/admin/api-keys");
    return { ok: true, message: `Key "${key.name}" (${key.prefix}…) is revoked: requests with it now get 401.` };
  } catch (error) {
    if (error instanceof HeraldError) return { ok: false, message: error.message };
    throw error;
  }
}
