import type { Metadata } from "next";
import { I18nProvider } from "./_components/i18n-provider";
import { TRPCReactProvider } from "./_trpc/react";
import { getLocale } from "./_lib/current-actor";
import "./globals.css";

export const metadata: Metadata = {
  title: "Lifecycle CRM",
  description: "Customer lifecycle and loyalty for growing businesses",
  icons: { icon: "/favicon.svg" },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen">
        <I18nProvider locale={locale}>
          <TRPCReactProvider>{children}</TRPCReactProvider>
        </I18nProvider>
      </body>
    </html>
  );
}
