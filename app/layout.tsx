import type { Metadata } from "next";
import localFont from "next/font/local";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { Toaster } from "sonner";
import "./globals.css";

// Served from the installed package: builds and runs offline.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return { title: { default: "Herald", template: "%s · Herald" }, description: t("description") };
}

// The provider hands the request's language and time zone (app/i18n/request.ts) to client
// components, with the messages of the pages anyone may open (sign-in); the staff layout
// gives its pages the whole catalogue. A language change re-renders from here.
export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const [locale, t, messages] = await Promise.all([getLocale(), getTranslations("common"), getMessages()]);
  return (
    <html lang={locale} className={inter.variable}>
      <body className="min-h-screen font-sans">
        <NextIntlClientProvider messages={{ common: messages.common, signIn: messages.signIn }}>
          <NuqsAdapter>{children}</NuqsAdapter>
        </NextIntlClientProvider>
        <Toaster
          position="bottom-right"
          richColors
          closeButton
          containerAriaLabel={t("notifications")}
          toastOptions={{ closeButtonAriaLabel: t("closeNotification") }}
        />
      </body>
    </html>
  );
}
