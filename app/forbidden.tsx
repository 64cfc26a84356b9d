import Link from "next/link";
import { getTranslations } from "next-intl/server";

// Shown (status 403) when a signed-in staff member opens a page their role does not allow.
export default async function Forbidden() {
  const t = await getTranslations("forbidden");
  return (
    <main className="mx-auto max-w-xl px-4 py-16">
      <div role="alert" className="rounded-lg border border-amber-200 bg-amber-50 p-6 text-sm text-amber-900">
        <h1 className="text-base font-semibold">{t("title")}</h1>
        <p className="mt-1">{t("explanation")}</p>
        <Link href="/communications" className="mt-4 inline-block font-medium underline">
          {t("back")}
        </Link>
      </div>
    </main>
  );
}
