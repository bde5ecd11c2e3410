// How the board says numbers, durations and "how long ago" in the user's language (Intl does the
// grammar: "3 days ago" / "3 hari yang lalu", "12 days" / "12 hari").
import { intlLocale, type AppLocale, type Translate } from "@/server/i18n";

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A duration as whole days, or hours under a day ("12 days", "5 hours"; "12 hari", "5 jam"). */
export function formatDuration(ms: number, locale: AppLocale): string {
  const [value, unit] = ms < DAY_MS ? [Math.max(1, Math.round(ms / HOUR_MS)), "hour"] : [Math.round(ms / DAY_MS), "day"];
  return new Intl.NumberFormat(intlLocale(locale), { style: "unit", unit, unitDisplay: "long" }).format(value);
}

/** How long before `now` an instant was: "yesterday", "3 days ago", "2 months ago" ("kemarin",
 * "3 hari yang lalu"). Under an hour reads as minutes. */
export function formatAgo(at: Date, now: Date, locale: AppLocale): string {
  const rtf = new Intl.RelativeTimeFormat(intlLocale(locale), { numeric: "auto" });
  const ms = Math.max(0, now.getTime() - at.getTime());
  if (ms < HOUR_MS) return rtf.format(-Math.round(ms / 60_000), "minute");
  if (ms < DAY_MS) return rtf.format(-Math.round(ms / HOUR_MS), "hour");
  const days = Math.round(ms / DAY_MS);
  if (days < 60) return rtf.format(-days, "day");
  if (days < 730) return rtf.format(-Math.round(days / 30.4), "month");
  return rtf.format(-Math.round(days / 365.25), "year");
}

/** A rate 0–1 as a whole percentage ("34%"; "34%" in Indonesian too). */
export function formatRate(rate: number, locale: AppLocale): string {
  return new Intl.NumberFormat(intlLocale(locale), { style: "percent", maximumFractionDigits: 0 }).format(rate);
}

/** "1 customer" / "2 customers" ("2 pelanggan": Indonesian has one plural form). */
export function formatCustomerCount(count: number, locale: AppLocale, t: Translate): string {
  const category = new Intl.PluralRules(intlLocale(locale)).select(count) === "one" ? "one" : "other";
  return t(`board.count.${category}`, { count: new Intl.NumberFormat(intlLocale(locale)).format(count) });
}

/** A business day (YYYY-MM-DD) as the language writes dates ("1 Sep 2026"; "1 Sep 2026"). */
export function formatBusinessDay(day: string, locale: AppLocale): string {
  // Noon UTC of that calendar day, shown in UTC: the day itself, whatever the device's zone.
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}
