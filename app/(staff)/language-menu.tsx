"use client";

import { Languages } from "lucide-react";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useTransition } from "react";
import { toast } from "sonner";
import { hydrationMarker, useHydrated } from "@/components/ui/use-hydrated";
import { LANGUAGE_NAMES, STAFF_LOCALES, type StaffLocale } from "@/lib/i18n/locales";
import { setLanguage } from "./language-actions";

const AUTO = "auto";

// The language setting in the header: stored on the account, so it follows the staff member
// to any browser and survives signing out. Changing it re-renders the page where it is —
// the URL (tab, filters, open detail) stays exactly as it was.
export function LanguageMenu({ current }: { current: StaffLocale | null }) {
  const t = useTranslations("header");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const choose = (value: string) =>
    startTransition(async () => {
      const result = await setLanguage(value === AUTO ? null : value);
      if (!result.ok) return void toast.error(t("languageFailed"));
      router.refresh();
    });
  return (
    <label className="inline-flex items-center gap-1 rounded-md px-1 text-slate-700 hover:bg-slate-100" {...hydrationMarker(hydrated)}>
      <Languages className="size-4 text-slate-500" aria-hidden />
      <select
        aria-label={t("language")}
        value={current ?? AUTO}
        disabled={pending}
        onChange={(event) => choose(event.target.value)}
        className="h-8 cursor-pointer bg-transparent py-1 text-sm focus-visible:outline-2 focus-visible:outline-sky-600"
      >
        <option value={AUTO}>{t("languageAuto")}</option>
        {STAFF_LOCALES.map((locale) => (
          <option key={locale} value={locale} lang={locale}>
            {LANGUAGE_NAMES[locale]}
          </option>
        ))}
      </select>
    </label>
  );
}
