import type { Messages } from "@/lib/i18n/catalogue";
import type { StaffLocale } from "@/lib/i18n/locales";

// Typed catalogues: a key missing from lib/i18n/messages/en.json fails to compile, and the
// locale is one of the UI languages.
declare module "next-intl" {
  interface AppConfig {
    Locale: StaffLocale;
    Messages: Messages;
  }
}
