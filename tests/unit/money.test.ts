import { describe, expect, it } from "vitest";
import { formatMoney, MAX_AMOUNT_MINOR, minorDigits, parseAmount } from "@/server/domain/values/money";

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

  it("formats IDR without a fraction and stays exact beyond 2^53", () => {
    expect(formatMoney(150_000n, "IDR", "id-ID")).toMatch(/^Rp\s?150\.000$/);
    expect(formatMoney(250_000n, "IDR", "en-ID")).toMatch(/^(Rp|IDR)\s?250[.,]000$/);
    expect(formatMoney(-25_000n, "IDR", "id-ID")).toMatch(/^-Rp\s?25\.000$/);
    expect(formatMoney(123_456_789_012_345_678n, "IDR", "id-ID")).toContain("123.456.789.012.345.678");
    expect(formatMoney(1234n, "USD", "en-US")).toBe("$12.34");
  });
});
