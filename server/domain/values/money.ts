// Money in integer minor units with ISO 4217 exponents (IDR: whole rupiah). Parsing what staff type
// and formatting for display. SPEC "Decisions made since" › Money.

/** ISO 4217 minor-unit digits, fixed here rather than read from Intl: ICU versions disagree, and the
 * server and every browser must agree on what a stored amount means. IDR is kept in whole rupiah,
 * like Indonesian payment gateways do. */
const MINOR_DIGITS: Record<string, number> = { IDR: 0, USD: 2, SGD: 2, MYR: 2, EUR: 2, AUD: 2, JPY: 0, KRW: 0, VND: 0 };

/** Symbols staff may type before or after an amount, besides the currency's code; they include
 * every symbol formatMoney shows (Indonesian writes "AU$" and both languages "JP¥"), so a displayed
 * amount reads back as the same amount. */
const SYMBOLS: Record<string, string[]> = { IDR: ["Rp.", "Rp"], USD: ["US$"], SGD: ["S$"], MYR: ["RM"], EUR: ["€"], AUD: ["AU$", "A$"], JPY: ["JP¥", "¥"], KRW: ["₩"], VND: ["₫"] };

/** Largest amount of one touchpoint, in minor units (IDR: Rp 1 triliun). Far above any small
 * business's sale, far enough below the bigint range that net spend (see MAX_NET_SPEND_MINOR) and
 * sums over many customers stay exact. */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000n;

/** Largest net spend a customer may reach, in minor units; a touchpoint that would pass it is
 * refused. PostgreSQL's bigint ends at 9.2 × 10^18. */
export const MAX_NET_SPEND_MINOR = 1_000_000_000_000_000n;

/** The UI language an amount was typed in: "id" writes 250.000,50 and "en" 250,000.50. */
export type NumberLocale = "en" | "id";

export type AmountError =
  | "validation.amountFormat"
  | "validation.amountFraction"
  | "validation.amountNegative"
  | "validation.amountPositive"
  | "validation.amountTooLarge";

export type ParsedAmount = { ok: true; minor: bigint } | { ok: false; error: AmountError };

export function minorDigits(currency: string): number {
  return MINOR_DIGITS[currency] ?? 2;
}

/** Removes one currency mark (code or symbol, any case) before and one after the number. */
function stripCurrency(text: string, currency: string): string {
  const marks = [currency, ...(SYMBOLS[currency] ?? [])].map((m) => m.toLowerCase()).sort((a, b) => b.length - a.length);
  let rest = text.trim();
  const head = marks.find((m) => rest.toLowerCase().startsWith(m));
  if (head) rest = rest.slice(head.length).trimStart();
  const tail = marks.find((m) => rest.toLowerCase().endsWith(m));
  if (tail) rest = rest.slice(0, -tail.length).trimEnd();
  return rest;
}

/**
 * Reads an amount as staff type it, in major units, and returns it in minor units of `currency`.
 *
 * Rules (SPEC "Money"): in the Indonesian UI `.` groups thousands and `,` starts decimals, in the
 * English UI the reverse. For a zero-decimal currency (IDR) a `.` or `,` followed by exactly three
 * digits groups thousands in either UI, and any other separator starts decimals, so `250000`,
 * `250.000`, `250,000`, `Rp 250.000`, `Rp250.000`, `IDR 250.000` and `250.000,00` are all 250000.
 * Decimals beyond the currency's exponent must be zeros: `150000,5` in IDR is refused, never
 * rounded or truncated. Results: an i18n key for the amount field when the text is not a number
 * (`amountFormat`), has a non-zero fraction the currency cannot hold (`amountFraction`), is negative
 * (`amountNegative`: refunds are their own type), is zero (`amountPositive`) or exceeds
 * MAX_AMOUNT_MINOR (`amountTooLarge`).
 */
export function parseAmount(text: string, currency: string, locale: NumberLocale): ParsedAmount {
  // A minus may come before or after the currency mark: "-Rp 5.000", "Rp -5.000".
  let s = text.trim();
  let negative = false;
  for (let pass = 0; pass < 2; pass++) {
    if (/^[-−]/.test(s)) {
      negative = true;
      s = s.slice(1).trimStart();
    }
    s = stripCurrency(s, currency);
  }
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s) || /[.,]{2}/.test(s)) return { ok: false, error: "validation.amountFormat" };

  const digits = minorDigits(currency);
  // Split at separators, keeping them: ["250", ".", "000", ",", "00"].
  const parts = s.split(/([.,])/);
  const seps = parts.filter((_, i) => i % 2 === 1);
  const groups = parts.filter((_, i) => i % 2 === 0);
  const decimalSep = locale === "id" ? "," : ".";
  const isDecimalAt = (i: number) => {
    const followedBy = groups[i + 1]!;
    if (digits === 0) return !(followedBy.length === 3);
    return seps[i] === decimalSep;
  };
  const decimalIndexes = seps.map((_, i) => i).filter(isDecimalAt);
  if (decimalIndexes.length > 1) return { ok: false, error: "validation.amountFormat" };
  const decimalAt = decimalIndexes[0];
  if (decimalAt !== undefined && decimalAt !== seps.length - 1) return { ok: false, error: "validation.amountFormat" };

  const groupSeps = decimalAt === undefined ? seps : seps.slice(0, decimalAt);
  const intGroups = decimalAt === undefined ? groups : groups.slice(0, decimalAt + 1);
  if (groupSeps.length > 0) {
    // Grouping must be one character used consistently, 1–3 digits then threes: 1.250.000.
    if (new Set(groupSeps).size > 1) return { ok: false, error: "validation.amountFormat" };
    if (decimalAt !== undefined && groupSeps[0] === seps[decimalAt]) return { ok: false, error: "validation.amountFormat" };
    if (intGroups[0]!.length > 3 || intGroups.slice(1).some((g) => g.length !== 3)) {
      return { ok: false, error: "validation.amountFormat" };
    }
  }
  const whole = intGroups.join("");
  const fraction = decimalAt === undefined ? "" : groups[decimalAt + 1]!;
  if (/[1-9]/.test(fraction.slice(digits))) return { ok: false, error: "validation.amountFraction" };
  // Checked on the digits, before BigInt, so an absurdly long input costs nothing.
  if (whole.replace(/^0+/, "").length > 19) return { ok: false, error: "validation.amountTooLarge" };

  if (negative) return { ok: false, error: "validation.amountNegative" };
  const minor = BigInt(whole + fraction.slice(0, digits).padEnd(digits, "0"));
  if (minor === 0n) return { ok: false, error: "validation.amountPositive" };
  if (minor > MAX_AMOUNT_MINOR) return { ok: false, error: "validation.amountTooLarge" };
  return { ok: true, minor };
}

/** Currencies shown by their narrow symbol rather than the locale's own: English locales write the
 * rupiah "IDR 250,000", while staff in Indonesia write and expect "Rp" in either UI language. */
const NARROW_SYMBOL = new Set(["IDR"]);

/** Formats minor units as money for the Intl locale (server/i18n intlLocale); no fraction when it is
 * zero: IDR "Rp 150.000" in Indonesian, "Rp 150,000" in English; USD "US$1.250,50" / "US$1,250.50".
 * parseAmount reads the result back in the same UI language. Exact beyond 2^53. */
export function formatMoney(minor: bigint, currency: string, locale: string): string {
  const digits = minorDigits(currency);
  const scale = 10n ** BigInt(digits);
  const whole = minor / scale;
  const fraction = minor % scale;
  const hasFraction = fraction !== 0n;
  const formatter = new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    currencyDisplay: NARROW_SYMBOL.has(currency) ? "narrowSymbol" : "symbol",
    minimumFractionDigits: hasFraction ? digits : 0,
    maximumFractionDigits: hasFraction ? digits : 0,
  });
  // Intl accepts a decimal string, which keeps amounts beyond 2^53 exact.
  const sign = minor < 0n ? "-" : "";
  const abs = (n: bigint) => (n < 0n ? -n : n);
  const decimal = hasFraction ? `${sign}${abs(whole)}.${abs(fraction).toString().padStart(digits, "0")}` : `${sign}${abs(whole)}`;
  return formatter.format(decimal as unknown as number);
}
