"use server";

import { z } from "zod";
import { getDb } from "@/db/client";
import { setStaffLocale } from "@/db/queries/staff";
import { STAFF_LOCALES } from "@/lib/i18n/locales";
import { requireStaff } from "./current-staff";

const languageInput = z.enum(STAFF_LOCALES).nullable();

/** Stores the signed-in staff member's UI language (null: follow the browser again). */
export async function setLanguage(locale: string | null): Promise<{ ok: boolean }> {
  const staff = await requireStaff("viewer");
  const parsed = languageInput.safeParse(locale);
  if (!parsed.success) return { ok: false };
  return { ok: await setStaffLocale(await getDb(), { id: staff.id, locale: parsed.data }) };
}
