import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "../../current-staff";
import { ChangePasswordForm } from "./change-password-form";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("password"))("title") };
}

export default async function ChangePasswordPage() {
  const [staff, t] = await Promise.all([requireStaff("viewer"), getTranslations("password")]);
  return (
    <main className="mx-auto max-w-md space-y-4 px-4 py-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="text-sm text-slate-500">{t("intro", { email: staff.email })}</p>
      </div>
      <ChangePasswordForm />
    </main>
  );
}
