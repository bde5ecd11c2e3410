// A saved rule's amounts as the rule form shows them (rule-values.ts amountText): as an owner types
// them in the UI's language, and read back by money.ts parseAmount to the same minor units.
import { describe, expect, it } from "vitest";
import { amountText, retypeAmount } from "@/app/(app)/rules/rule-values";
import { parseAmount } from "@/server/domain/values/money";

describe("amount text of a saved rule", () => {
  it("groups thousands as the language writes them", () => {
    expect(amountText(75_000n, "IDR", "id")).toBe("75.000");
    expect(amountText(75_000n, "IDR", "en")).toBe("75,000");
    expect(amountText(999n, "IDR", "id")).toBe("999");
    expect(amountText(1_000n, "IDR", "id")).toBe("1.000");
    expect(amountText(1_000_000_000_000n, "IDR", "en")).toBe("1,000,000,000,000");
    expect(amountText(123_450n, "USD", "id")).toBe("1.234,50");
    expect(amountText(123_450n, "USD", "en")).toBe("1,234.50");
    expect(amountText(5n, "USD", "en")).toBe("0.05");
    expect(amountText(null, "IDR", "id")).toBe("");
  });

  it("reads back to the same amount in either language", () => {
    for (const [minor, currency] of [[1n, "IDR"], [999n, "IDR"], [1_000n, "IDR"], [75_000n, "IDR"], [12_345_678n, "IDR"], [1_000_000_000_000n, "IDR"], [1n, "USD"], [100_000n, "USD"], [123_456_789n, "USD"]] as const) {
      for (const locale of ["id", "en"] as const) {
        expect(parseAmount(amountText(minor, currency, locale), currency, locale), `${minor} ${currency} ${locale}`).toEqual({ ok: true, minor });
      }
    }
  });
});

describe("amounts after a language switch", () => {
  it("re-writes an amount as the new language types it, and keeps text that is not one", () => {
    expect(retypeAmount("75.000", "IDR", "id", "en")).toBe("75,000");
    expect(retypeAmount("Rp 75.000", "IDR", "id", "en")).toBe("75,000");
    expect(retypeAmount("75,000", "IDR", "en", "id")).toBe("75.000");
    expect(retypeAmount("12,50", "USD", "id", "en")).toBe("12.50");
    expect(retypeAmount("12.50", "USD", "en", "id")).toBe("12,50");
    expect(retypeAmount("75.000", "IDR", "id", "id")).toBe("75.000");
    expect(retypeAmount("lots", "IDR", "id", "en")).toBe("lots");
    expect(retypeAmount("", "IDR", "id", "en")).toBe("");
    expect(retypeAmount(undefined, "IDR", "id", "en")).toBeUndefined();
  });
});
