// Money in integer minor units with ISO 4217 exponents (IDR has 2). Parsing and formatting.

/** ISO 4217 minor-unit digits, fixed here rather than read from Intl: ICU versions disagree (some
 * give IDR 0), and the server and every browser must agree on what a stored amount means. */
const MINOR_DIGITS: Record<string, number> = { IDR: 0, USD: 2, SGD: 2, MYR: 2, EUR: 2, AUD: 2, JPY: 0, KRW: 0, VND: 0 };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** "150000", "150000.50", "150000,5", "-25000" (major units) → minor units; null when malformed. */
export function parseMajorAmount(text: string, currency: string): bigint | null {
  const match = /^(-)?(\d{1,15})(?:[.,](\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  const digits = minorDigits(currency);
  const fraction = (match[3] ?? "").padEnd(digits, "0");
  if (fraction.length > digits) return null;
  const minor = BigInt(match[2]! + fraction);
  return match[1] ? -minor : minor;
}

/** Formats minor units as money for the locale; IDR shows no fraction when it is zero. */
export function formatMoney(minor: bigint, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  const scale = 10n ** BigInt(digits);
  const whole = minor / scale;
  const fraction = minor % scale;
  const hasFraction = fraction !== 0n;
  const formatter = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: hasFraction ? digits : 0,
    maximumFractionDigits: hasFraction ? digits : 0,
  });
  // Intl accepts a decimal string, which keeps amounts beyond 2^53 exact.
  const sign = minor < 0n ? "-" : "";
  const abs = (n: bigint) => (n < 0n ? -n : n);
  const decimal = `${sign}${abs(whole)}.${abs(fraction).toString().padStart(digits, "0")}`;
  return formatter.format(decimal as unknown as number);
}
