import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import type { Route } from "next";
import { getTranslations } from "next-intl/server";
import { getStaffSession } from "@/lib/auth/staff-session";
import { safeReturnTo } from "../return-to";
import { SignInForm } from "./sign-in-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("signIn"))("title") };
}

// Public: the one page an anonymous visitor may see. A signed-in visitor goes straight on.
// Nobody is signed in here, so it speaks the browser's language (app/i18n/request-locale.ts).
export default async function SignInPage({ searchParams }: PageProps<"/sign-in">) {
  const params = await searchParams;
  const returnTo = safeReturnTo(params.returnTo);
  if (await getStaffSession(await headers())) redirect(returnTo as Route);
  const t = await getTranslations("signIn");
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-50 px-4">
      <div className="w-full max-w-sm space-y-6 rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <div className="space-y-1">
          <p className="text-sm font-semibold tracking-tight text-slate-500">Herald</p>
          <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("intro")}</p>
        </div>
        {params.signedOut ? (
          <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
            {t("signedOut")}
          </p>
        ) : null}
        <SignInForm returnTo={returnTo} />
      </div>
    </main>
  );
}
