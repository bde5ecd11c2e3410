// The business's settings (one row, id 1): name, currency, time zone, phone country, demo mode.
// SPEC "Decisions made since": Money, Time, Demo mode and first run.
import type { DbClient } from "../db/client";

export const SETTINGS_ID = 1;

export const DEFAULT_SETTINGS = {
  businessName: "",
  currency: "IDR",
  timeZone: "Asia/Jakarta",
  phoneCountry: "ID",
  demoMode: false,
} as const;

export type BusinessSettings = {
  businessName: string;
  /** ISO 4217 code of the business's one currency. */
  currency: string;
  /** IANA time zone of the business's days. */
  timeZone: string;
  /** ISO 3166-1 alpha-2 country for phone numbers typed without a country code. */
  phoneCountry: string;
  demoMode: boolean;
};

/** The settings, or the defaults when the row does not exist yet (it is created by a migration). */
export async function getSettings(db: DbClient): Promise<BusinessSettings> {
  const row = await db.setting.findUnique({
    where: { id: SETTINGS_ID },
    select: { businessName: true, currency: true, timeZone: true, phoneCountry: true, demoMode: true },
  });
  return row ?? { ...DEFAULT_SETTINGS };
}
