// Phone numbers to E.164 with libphonenumber-js and its `max` metadata (which checks numbering
// plans, not only lengths). Numbers typed the local way ("0812-3456-7890") get the business's phone
// country (settings; Indonesia by default). Issue 11 item 12.
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { DEFAULT_SETTINGS } from "../settings/input";

/** Rewrites the ways Indonesians write an international number that the library does not read:
 * "00 62 …" (international prefix), "62 812 …" (country code without "+"), and a trunk "0" kept
 * after the country code ("+62 (0)812 …", "62 0812 …"). */
function prepare(input: string, callingCode: string | undefined): string {
  let s = input.trim().replace(/[\s().\-/]/g, "");
  if (s.startsWith("00")) s = `+${s.slice(2)}`;
  // A country code without "+" only when the rest is too long to be a national number on its own.
  else if (callingCode && s.startsWith(callingCode) && s.length >= 10) s = `+${s}`;
  if (callingCode && s.startsWith(`+${callingCode}0`)) s = `+${callingCode}${s.slice(callingCode.length + 2)}`;
  return s;
}

function parse(input: string, defaultCountry: string) {
  const upper = defaultCountry.toUpperCase();
  const country = isSupportedCountry(upper) ? (upper as CountryCode) : undefined;
  const callingCode = country ? getCountryCallingCode(country) : undefined;
  if (!/^[\d\s()+.\-/]+$/.test(input.trim())) return undefined;
  const number = parsePhoneNumberFromString(prepare(input, callingCode), { defaultCountry: country });
  return number?.isValid() ? number : undefined;
}

/**
 * E.164 ("+6281234567890"), or null when the input cannot be a phone number of its country.
 * `defaultCountry` (ISO 3166-1 alpha-2) applies to numbers typed without a country code; it is the
 * business's phone country (settings), Indonesia by default. Accepts "+62 (0)812-3456-7890",
 * "62 0812 3456 7890", "0062 812…", "0812-3456-7890" and "(021) 555 1234"; letters are refused.
 */
export function toE164(input: string, defaultCountry: string = DEFAULT_SETTINGS.phoneCountry): string | null {
  return parse(input, defaultCountry)?.number ?? null;
}

/** "mobile", "landline" or "other" (VoIP, toll-free, …) for a valid number; null when invalid.
 * Numbers whose plan does not tell the two apart (e.g. in the US) are "mobile": they can receive
 * messages as often as not. */
export function phoneKind(input: string, defaultCountry: string = DEFAULT_SETTINGS.phoneCountry): "mobile" | "landline" | "other" | null {
  const number = parse(input, defaultCountry);
  if (!number) return null;
  const type = number.getType();
  if (type === "MOBILE" || type === "FIXED_LINE_OR_MOBILE") return "mobile";
  if (type === "FIXED_LINE") return "landline";
  return "other";
}
