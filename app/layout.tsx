import type { Metadata } from "next";
import localFont from "next/font/local";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { Toaster } from "sonner";
import "./globals.css";

// Served from the installed package: builds and runs offline.
const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  variable: "--font-inter",
  display: "swap",
});

export const metadata: Metadata = {
  title: { default: "Herald", template: "%s · Herald" },
  description: "Every message sent to a customer: see, search, fix and prove it.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={inter.variable}>
      <body className="min-h-screen font-sans">
        <NuqsAdapter>{children}</NuqsAdapter>
        <Toaster position="bottom-right" richColors closeButton />
      </body>
    </html>
  );
}
