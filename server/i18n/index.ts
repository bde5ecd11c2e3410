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
/** The Intl locale of each UI language. Displayed numbers follow the convention staff type in (SPEC
 * "Money" › Typing): Indonesian groups thousands with `.` and starts decimals with `,`, English the
 * reverse. English is "en-001" (international English: "1,387", "10.3", day month year "1 Dec 2026")
 * with a 24-hour clock ("13:05"), not "en-ID", whose numbers are Indonesian ("1.387", "10,3"). The
 * rupiah keeps its "Rp" in both languages (money.ts formatMoney). Node and Chromium give the same
 * output for both tags (checked on Node 20.20 / ICU 78 and Chromium 156). */
const intlLocales: Record<AppLocale, string> = { en: "en-001-u-hc-h23", id: "id-ID" };

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
