"use client";
// Gives client components the current language and its translator.
import { createContext, useContext, useMemo } from "react";
import { translator, type AppLocale, type Translate } from "@/server/i18n";

const I18nContext = createContext<{ locale: AppLocale; t: Translate } | null>(null);

export function I18nProvider({ locale, children }: { locale: AppLocale; children: React.ReactNode }) {
  const value = useMemo(() => ({ locale, t: translator(locale) }), [locale]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
