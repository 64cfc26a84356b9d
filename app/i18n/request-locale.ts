import "server-only";
import { headers } from "next/headers";
import { createTranslator, type Messages, type NamespaceKeys, type NestedKeyOf } from "next-intl";
import { catalogue } from "@/lib/i18n/catalogue";
import { configuredDefaultLocale, resolveStaffLocale, type StaffLocale } from "@/lib/i18n/locales";
import { currentStaff } from "../(staff)/current-staff";

/**
 * The language of this request: the signed-in staff member's setting, else the browser's
 * Accept-Language, else HERALD_DEFAULT_LOCALE (lib/i18n/locales.ts).
 */
export async function requestLocale(): Promise<StaffLocale> {
  const [requestHeaders, staff] = await Promise.all([headers(), currentStaff()]);
  return resolveStaffLocale({
    account: staff?.locale,
    acceptLanguage: requestHeaders.get("accept-language"),
    configured: configuredDefaultLocale(),
  });
}

/**
 * A translator for server actions, whose messages (refusals, toasts) reach the browser as
 * text. Built from the catalogue directly rather than next-intl's request config, so an
 * action answers in the caller's language however it is invoked.
 */
export async function actionTranslator<Namespace extends NamespaceKeys<Messages, NestedKeyOf<Messages>>>(namespace: Namespace) {
  const locale = await requestLocale();
  return createTranslator({ locale, messages: catalogue(locale), namespace });
}
