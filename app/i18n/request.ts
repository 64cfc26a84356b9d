import { getRequestConfig } from "next-intl/server";
import { catalogue } from "@/lib/i18n/catalogue";
import { staffTimeZone } from "@/lib/time-zone";
import { requestLocale } from "./request-locale";

// next-intl's per-request configuration (next.config.ts points its plugin here): the staff
// member's language, its catalogue with English filling any gap, and the staff time zone.
// URLs carry no language: the same link shows the same view in each reader's language.
export default getRequestConfig(async () => {
  const locale = await requestLocale();
  return { locale, messages: catalogue(locale), timeZone: staffTimeZone() };
});
