// Phone numbers to E.164. Numbers typed the local way ("0812-3456-7890") get the business's country
// code (Indonesia, 62, by default).

/** E.164, or null when the input cannot be a phone number. */
export function toE164(input: string, defaultCountryCode = "62"): string | null {
  const compact = input.trim().replace(/[\s().-]/g, "");
  let digits: string;
  if (compact.startsWith("+")) digits = compact.slice(1);
  else if (compact.startsWith("00")) digits = compact.slice(2);
  else if (compact.startsWith("0")) digits = defaultCountryCode + compact.slice(1);
  else if (compact.startsWith(defaultCountryCode)) digits = compact;
  else digits = defaultCountryCode + compact;
  // E.164 allows at most 15 digits; real numbers have at least 8 with the country code.
  if (!/^[1-9]\d{7,14}$/.test(digits)) return null;
  return `+${digits}`;
}
