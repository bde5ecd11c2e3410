// The one i18n layer: locales, message lookup with {placeholders}, and Intl formatters.
// Plain TypeScript, safe to import from client components.
import { en, type MessageKey } from "./en";
import { id } from "./id";

export const LOCALES = ["en", "id"] as const;
export type AppLocale = (typeof LOCALES)[number];
export type { MessageKey };

/** The default business time zone (WIB). The business's own is a setting; dates show in it whatever
 * the actor's device says. */
export const APP_TIME_ZONE = "Asia/Jakarta";

const dictionaries: Record<AppLocale, Record<MessageKey, string>> = { en, id };
const intlLocales: Record<AppLocale, string> = { en: "en-ID", id: "id-ID" };

export const isLocale = (value: unknown): value is AppLocale => value === "en" || value === "id";

export function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

export function translator(locale: AppLocale): Translate {
  const dict = dictionaries[locale];
  return (key, values) => {
    const text = dict[key] ?? en[key] ?? key;
    return values ? text.replace(/\{(\w+)\}/g, (m, name: string) => String(values[name] ?? m)) : text;
  };
}

/** Translates a message that may be a key (validation messages are keys) or already plain text. */
export function translateMessage(t: Translate, message: string): string {
  return isMessageKey(message) ? t(message) : message;
}

export function intlLocale(locale: AppLocale): string {
  return intlLocales[locale];
}

export function formatNumber(value: number, locale: AppLocale): string {
  return new Intl.NumberFormat(intlLocale(locale)).format(value);
}

export function formatDateTime(date: Date, locale: AppLocale, timeZone: string = APP_TIME_ZONE): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}

export function formatDate(date: Date, locale: AppLocale, timeZone: string = APP_TIME_ZONE): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone }).format(date);
}

/** Picks the UI language for a visitor who is not signed in, from the Accept-Language header. */
export function localeFromAcceptLanguage(header: string | null | undefined): AppLocale {
  const first = header?.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("id") || first.startsWith("in") ? "id" : "en";
}
