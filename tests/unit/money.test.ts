import { describe, expect, it } from "vitest";
import { formatMoney, minorDigits, parseMajorAmount } from "@/server/domain/money";

describe("money", () => {
  it("uses two minor digits for IDR and USD, none for JPY", () => {
    expect(minorDigits("IDR")).toBe(2);
    expect(minorDigits("USD")).toBe(2);
    expect(minorDigits("JPY")).toBe(0);
  });

  it("parses typed major amounts into minor units", () => {
    expect(parseMajorAmount("150000", "IDR")).toBe(15_000_000n);
    expect(parseMajorAmount("150000,5", "IDR")).toBe(15_000_050n);
    expect(parseMajorAmount("12.34", "USD")).toBe(1234n);
    expect(parseMajorAmount("-25000", "IDR")).toBe(-2_500_000n);
    expect(parseMajorAmount(" 7 ", "JPY")).toBe(7n);
  });

  it("refuses malformed amounts", () => {
    for (const bad of ["", "abc", "1.234.567", "12.345", "1e5", "--1", "12,3,4"]) {
      expect(parseMajorAmount(bad, "IDR"), bad).toBeNull();
    }
    expect(parseMajorAmount("1.5", "JPY")).toBeNull();
  });

  it("formats IDR without a zero fraction and keeps large amounts exact", () => {
    expect(formatMoney(15_000_000n, "IDR", "id-ID")).toMatch(/^Rp\s?150\.000$/);
    expect(formatMoney(15_000_050n, "IDR", "id-ID")).toMatch(/^Rp\s?150\.000,50$/);
    expect(formatMoney(-2_500_000n, "IDR", "id-ID")).toMatch(/^-Rp\s?25\.000$/);
    expect(formatMoney(123_456_789_012_345_678n, "IDR", "id-ID")).toContain("1.234.567.890.123.456,78");
    expect(formatMoney(1234n, "USD", "en-US")).toBe("$12.34");
  });
});
