// What owners may choose in the business settings, the defaults, and the input schemas shared by the settings
// router and the settings form. Client-safe: no database imports. Messages are i18n keys.
import { z } from "zod";
import { singleLineText } from "../values/text-fields";

/** Currencies a business may keep its amounts in. Each has a fixed ISO 4217 exponent in money.ts
 * (IDR 0 — whole rupiah —, USD/SGD/MYR 2), so a stored amount means the same in every browser. */
export const CURRENCIES = ["IDR", "USD", "SGD", "MYR"] as const;

/** Indonesia's three time zones: WIB, WITA, WIT (the business's days, SPEC "Time"). */
export const TIME_ZONES = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"] as const;
export const TIME_ZONE_ABBREVIATIONS: Record<(typeof TIME_ZONES)[number], string> = {
  "Asia/Jakarta": "WIB",
  "Asia/Makassar": "WITA",
  "Asia/Jayapura": "WIT",
};

/** The default country for phone numbers typed without a country code: Indonesia and its
 * neighbours (ISO 3166-1 alpha-2). */
export const PHONE_COUNTRIES = ["ID", "MY", "SG", "BN", "TL", "PH", "TH", "VN", "AU"] as const;

/** The settings before an owner changes them: an Indonesian business (SPEC "Decisions made since":
 * Money, Time), demo mode off. */
export const DEFAULT_SETTINGS = {
  businessName: "",
  currency: "IDR",
  timeZone: "Asia/Jakarta",
  phoneCountry: "ID",
  demoMode: false,
} as const;

export const businessName = singleLineText(100);

/** Changes to the settings; fields left out stay as they are. Demo mode can only be switched off
 * here: switching it on would publish a known password for accounts on a business in use, so only
 * an operator loading demo data (`npm run db:seed`) turns it on. */
export const updateSettingsInput = z.object({
  businessName: businessName.optional(),
  currency: z.enum(CURRENCIES, "validation.currency").optional(),
  timeZone: z.enum(TIME_ZONES, "validation.required").optional(),
  phoneCountry: z.enum(PHONE_COUNTRIES, "validation.required").optional(),
  demoMode: z.literal(false, "settings.demoOnlyOff").optional(),
});

export type UpdateSettingsInput = z.output<typeof updateSettingsInput>;

// The funnel board's stuck threshold (issue 14: "a marker on customers stuck longer than a threshold
// the manager sets"), shared by the team's setting (stuck-threshold.ts) and the board's URL override.

/** The threshold before a manager sets one (the Setting.stuckAfterDays column's default). */
export const DEFAULT_STUCK_AFTER_DAYS = 30;

/** Whole days in a stage after which a customer counts as stuck: 1–3650 (the column's CHECK). */
export const stuckAfterDays = z
  .number("validation.stuckDays")
  .int("validation.stuckDays")
  .min(1, "validation.stuckDays")
  .max(3650, "validation.stuckDays");

/** board.setStuckThreshold's input. */
export const setStuckThresholdInput = z.object({ stuckAfterDays });
export type SetStuckThresholdInput = z.output<typeof setStuckThresholdInput>;
