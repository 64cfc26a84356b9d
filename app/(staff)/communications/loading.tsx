import { useTranslations } from "next-intl";

export default function Loading() {
  const t = useTranslations("communications");
  return (
    <main className="mx-auto max-w-7xl space-y-6 px-4 py-8 sm:px-6" aria-busy="true" aria-label={t("loading")}>
      <div className="h-8 w-56 animate-pulse rounded bg-slate-200" />
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4">
        {Array.from({ length: 10 }, (_, i) => (
          <div key={i} className="h-6 animate-pulse rounded bg-slate-100" />
        ))}
      </div>
    </main>
  );
}
