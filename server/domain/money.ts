// Money in integer minor units (ISO 4217 exponent: IDR and USD have 2). Parsing and formatting.

/** Minor-unit digits of a currency, per ISO 4217 as known to Intl. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
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
