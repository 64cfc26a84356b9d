"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getDb } from "@/db/client";
import { setRouteMode } from "@/db/queries/provider-routes";
import { staffActor } from "@/lib/auth/staff-session";
import { readEnv } from "@/lib/env";
import { failoverSetup } from "@/lib/providers/registry";
import { CHANNELS, type Provider } from "@/lib/status";
import { actionTranslator } from "@/app/i18n/request-locale";
import { requireStaff } from "../../current-staff";

export type RouteState = { ok: boolean; message: string } | null;

const input = z.object({ channel: z.enum(CHANNELS), choice: z.string().max(40) });

/** An admin sets a channel's routing: automatic failover, one provider pinned, or failover off. Audited. */
export async function setProviderRoute(_previous: RouteState, form: FormData): Promise<RouteState> {
  const admin = await requireStaff("admin");
  const t = await actionTranslator("actions");
  const parsed = input.safeParse(Object.fromEntries(form));
  if (!parsed.success) return { ok: false, message: t("routeInvalid") };
  const { channel, choice } = parsed.data;
  const setup = failoverSetup(readEnv());
  const group = channel === "manual" ? [] : (setup.groups[channel] ?? []);
  if (group.length < 2) {
    const reason = channel === "manual" ? "" : (setup.off[channel] ?? "");
    return { ok: false, message: t("routeUnavailable", { reason }) };
  }
  const pinned = choice.startsWith("pin:") ? (choice.slice(4) as Provider) : null;
  if (!(choice === "auto" || choice === "off" || (pinned && group.includes(pinned)))) return { ok: false, message: t("routeInvalid") };
  await setRouteMode(await getDb(), {
    channel,
    mode: pinned ? "pinned" : (choice as "auto" | "off"),
    pinnedProvider: pinned,
    actor: staffActor(admin),
    at: new Date(),
  });
  revalidatePath("/admin/providers");
  return { ok: true, message: t("routeSaved") };
}
