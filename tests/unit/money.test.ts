import { describe, expect, it } from "vitest";
import { formatMoney, MAX_AMOUNT_MINOR, minorDigits, parseAmount } from "@/server/domain/values/money";
import { intlLocale } from "@/server/i18n";

const amount = (text: string, locale: "en" | "id", currency = "IDR") => {
  const parsed = parseAmount(text, currency, locale);
  return parsed.ok ? parsed.minor : parsed.error;
};

describe("money", () => {
  it("keeps IDR in whole rupiah and other currencies at their ISO 4217 exponent", () => {
    expect(minorDigits("IDR")).toBe(0);
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
  });

  it("reads rupiah the way Indonesians write them, in either UI language", () => {
    for (const locale of ["id", "en"] as const) {
      for (const typed of ["250000", "250.000", "250,000", "Rp 250.000", "Rp250.000", "Rp. 250.000", "rp 250.000", "IDR 250.000", "250.000 IDR", "250.000,00", " 250000 "]) {
        expect(amount(typed, locale), `${typed} (${locale})`).toBe(250_000n);
      }
    }
    expect(amount("1.250.000", "id")).toBe(1_250_000n);
    expect(amount("1,250,000", "en")).toBe(1_250_000n);
    expect(amount("250,000.00", "en")).toBe(250_000n);
  });

  it("refuses a fraction of a rupiah instead of rounding or truncating it", () => {
    expect(amount("150000,5", "id")).toBe("validation.amountFraction");
    expect(amount("150000.5", "en")).toBe("validation.amountFraction");
    expect(amount("150.000,50", "id")).toBe("validation.amountFraction");
    expect(amount("100.5", "en", "JPY")).toBe("validation.amountFraction");
    expect(amount("12.345", "en", "USD")).toBe("validation.amountFraction");
  });

  it("reads decimals by the UI language for currencies that have them", () => {
    expect(amount("12.34", "en", "USD")).toBe(1234n);
    expect(amount("12,34", "id", "USD")).toBe(1234n);
    expect(amount("1,234.5", "en", "USD")).toBe(123_450n);
    expect(amount("1.234,5", "id", "USD")).toBe(123_450n);
    expect(amount("1.234,5", "en", "USD")).toBe("validation.amountFormat");
  });

  it("refuses negative, zero, malformed and huge amounts", () => {
    for (const negative of ["-25000", "−25.000", "Rp -25.000", "-Rp 25.000"]) expect(amount(negative, "id"), negative).toBe("validation.amountNegative");
    expect(amount("0", "id")).toBe("validation.amountPositive");
    for (const bad of ["", "abc", "1e5", "12,5.0", "1.000,000", "1000.000", "250.", ".5", "250 000", "Rp", "1..000", "0x10", "Infinity"]) {
      expect(amount(bad, "id"), bad).toBe("validation.amountFormat");
    }
    expect(amount("1.000.000.000.000", "id")).toBe(MAX_AMOUNT_MINOR);
    expect(amount("1.000.000.000.001", "id")).toBe("validation.amountTooLarge");
    expect(amount("999999999999999", "en")).toBe("validation.amountTooLarge");
    expect(amount("9".repeat(40), "en")).toBe("validation.amountTooLarge");
  });

  // Intl keeps the symbol and its number together with a no-break space.
  const shown = (minor: bigint, currency: string, locale: "en" | "id") => formatMoney(minor, currency, intlLocale(locale)).replaceAll("\u00a0", " ");

  it("formats IDR as Rp without a fraction, grouped as each UI language types, exact beyond 2^53", () => {
    expect(shown(150_000n, "IDR", "id")).toBe("Rp 150.000");
    expect(shown(250_000n, "IDR", "en")).toBe("Rp 250,000");
    expect(shown(-25_000n, "IDR", "id")).toBe("-Rp 25.000");
    expect(shown(-25_000n, "IDR", "en")).toBe("-Rp 25,000");
    expect(shown(123_456_789_012_345_678n, "IDR", "id")).toBe("Rp 123.456.789.012.345.678");
    expect(shown(123_456_789_012_345_678n, "IDR", "en")).toBe("Rp 123,456,789,012,345,678");
    expect(formatMoney(1234n, "USD", "en-US")).toBe("$12.34");
  });

  it("formats the other business currencies with their symbol or code and cents only when there are some", () => {
    expect(shown(125_050n, "USD", "en")).toBe("US$1,250.50");
    expect(shown(125_050n, "USD", "id")).toBe("US$1.250,50");
    expect(shown(125_000n, "USD", "en")).toBe("US$1,250");
    expect(shown(125_050n, "SGD", "en")).toBe("SGD 1,250.50");
    expect(shown(125_050n, "SGD", "id")).toBe("SGD 1.250,50");
    expect(shown(125_050n, "MYR", "en")).toBe("MYR 1,250.50");
    expect(shown(125_050n, "MYR", "id")).toBe("MYR 1.250,50");
  });

  it("reads back every amount it shows as the same amount, in the language it was shown in", () => {
    const amounts = [1n, 5n, 150n, 999n, 1_000n, 250_000n, 1_234_567n, 123_456_789n, MAX_AMOUNT_MINOR];
    for (const locale of ["en", "id"] as const) {
      for (const currency of ["IDR", "USD", "SGD", "MYR", "EUR", "AUD", "JPY", "KRW", "VND"]) {
        for (const minor of amounts) {
          const text = formatMoney(minor, currency, intlLocale(locale));
          expect(amount(text, locale, currency), `${locale} ${currency} ${text}`).toBe(minor);
        }
      }
    }
  });
});
