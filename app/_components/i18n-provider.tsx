"use client";
// Gives client components the current language, its translator and the business's time zone.
import { createContext, useContext, useMemo } from "react";
import { APP_TIME_ZONE, translator, type AppLocale, type Translate } from "@/server/i18n";

const I18nContext = createContext<{ locale: AppLocale; t: Translate; timeZone: string } | null>(null);

type Props = { locale: AppLocale; timeZone?: string; children: React.ReactNode };

export function I18nProvider({ locale, timeZone = APP_TIME_ZONE, children }: Props) {
  const value = useMemo(() => ({ locale, t: translator(locale), timeZone }), [locale, timeZone]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const value = useContext(I18nContext);
  if (!value) throw new Error("useI18n outside I18nProvider");
  return value;
}
