import Link from "next/link";
import { NextIntlClientProvider } from "next-intl";
import { getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { requireStaff } from "./current-staff";
import { LanguageMenu } from "./language-menu";
import { SignOutButton } from "./sign-out-button";

// Every staff page sits under this header. The check here makes an anonymous request a
// plain redirect before anything streams; each page checks its own role as well, because a
// layout does not re-render on client navigation. Signed in, client components get the
// whole catalogue of the staff member's language (the root layout passes only sign-in's).
export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const [staff, t, role] = await Promise.all([requireStaff("viewer"), getTranslations("header"), getTranslations("role")]);
  const isAdmin = staff.role === "admin";
  return (
    <NextIntlClientProvider>
      {/* First in the tab order: keyboard users skip the navigation straight to the page. */}
      <a
        href="#main"
        className="sr-only rounded-md bg-white px-3 py-2 text-sm font-medium shadow-lg focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:z-50 focus:outline-2 focus:outline-sky-600"
      >
        {t("skipToContent")}
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-[1400px] flex-wrap items-center justify-between gap-3 px-4 py-2 sm:px-6">
          <nav
            aria-label={t("mainNavigation")}
            className="flex items-center gap-1 text-sm whitespace-nowrap max-sm:-mx-1 max-sm:w-full max-sm:overflow-x-auto"
          >
            <Link href="/communications" className="mr-3 font-semibold tracking-tight">
              Herald
            </Link>
            <NavLink href="/communications">{t("communications")}</NavLink>
            <NavLink href="/suppressions">{t("suppressions")}</NavLink>
            {isAdmin ? (
              <>
                <NavLink href="/admin/staff">{t("staff")}</NavLink>
                <NavLink href="/admin/api-keys">{t("apiKeys")}</NavLink>
                <NavLink href="/admin/providers">{t("providers")}</NavLink>
                <NavLink href="/admin/audit">{t("audit")}</NavLink>
              </>
            ) : null}
          </nav>
          <div className="flex flex-wrap items-center gap-2 text-sm">
            <span aria-label={t("signedInAs")} className="flex items-center gap-2">
              <span className="font-medium max-sm:sr-only">{staff.name}</span>
              <Badge tone={isAdmin ? "info" : "neutral"}>{role(staff.role)}</Badge>
            </span>
            <LanguageMenu current={staff.locale} />
            <NavLink href="/account/password">{t("changePassword")}</NavLink>
            <SignOutButton />
          </div>
        </div>
      </header>
      <div id="main" tabIndex={-1} className="outline-none">
        {children}
      </div>
    </NextIntlClientProvider>
  );
}

function NavLink({
  href,
  children,
}: {
  href:
    "/communications" | "/suppressions" | "/admin/staff" | "/admin/api-keys" | "/admin/providers" | "/admin/audit" | "/account/password";
  children: React.ReactNode;
}) {
  return (
    <Link
      href={href}
      className="rounded-md px-2 py-1 text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600"
    >
      {children}
    </Link>
  );
}
