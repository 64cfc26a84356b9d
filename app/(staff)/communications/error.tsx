"use client";

import { useTranslations } from "next-intl";

// A database failure is shown as an error, never as an empty table.
export default function CommunicationsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations("communications.loadError");
  return (
    <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900">
        <h1 className="text-base font-semibold">{t("title")}</h1>
        <p className="mt-1">{error.digest ? t("explanationWithReference", { reference: error.digest }) : t("explanation")}</p>
        <button
          type="button"
          onClick={reset}
          className="mt-4 rounded-md bg-red-700 px-3 py-1.5 font-medium text-white hover:bg-red-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-red-700"
        >
          {t("retry")}
        </button>
      </div>
    </main>
  );
}
