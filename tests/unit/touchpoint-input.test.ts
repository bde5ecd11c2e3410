import { describe, expect, it } from "vitest";
import { logTouchpointInput } from "@/server/domain/touchpoints/input";

const valid = {
  customerId: "0196f1c2-7b1a-7c3d-8e4f-123456789abc",
  channel: "WHATSAPP",
  type: "INQUIRY",
  direction: "INBOUND",
  occurredAt: new Date(Date.now() - 60_000),
};

function fieldErrors(input: unknown) {
  const result = logTouchpointInput.safeParse(input);
  if (result.success) return {};
  return Object.fromEntries(result.error.issues.map((i) => [i.path.join("."), i.message]));
}

describe("logTouchpointInput", () => {
  it("accepts a minimal touchpoint, leaving the currency to the business's", () => {
    const parsed = logTouchpointInput.parse({ ...valid, context: "  ", need: "ingin hemat ongkir " });
    expect(parsed.currency).toBeUndefined();
    expect(parsed.numberLocale).toBe("id");
    expect(parsed.context).toBeUndefined();
    expect(parsed.need).toBe("ingin hemat ongkir");
  });

  it("requires an amount for purchases and refunds and refuses one otherwise", () => {
    expect(fieldErrors({ ...valid, type: "PURCHASE" })).toEqual({ amount: "validation.amountRequired" });
    expect(fieldErrors({ ...valid, type: "REFUND" })).toEqual({ amount: "validation.amountRequired" });
    expect(fieldErrors({ ...valid, amount: "1000" })).toEqual({ amount: "validation.amountOnlyMoney" });
    expect(fieldErrors({ ...valid, type: "PURCHASE", amount: "12,5.0", currency: "IDR" })).toEqual({ amount: "validation.amountFormat" });
    expect(fieldErrors({ ...valid, type: "PURCHASE", amount: 5000 })).toEqual({ amount: "validation.amountFormat" });
  });

  it("reads amounts in the UI language the form says they were typed in", () => {
    const money = { ...valid, currency: "IDR" };
    for (const [amount, numberLocale] of [["Rp 250.000", "id"], ["250,000", "en"], ["250.000,00", "en"], ["250000", undefined]]) {
      expect(fieldErrors({ ...money, type: "PURCHASE", amount, numberLocale }), amount).toEqual({});
    }
    expect(fieldErrors({ ...money, type: "PURCHASE", amount: "150000,5" })).toEqual({ amount: "validation.amountFraction" });
    expect(fieldErrors({ ...money, type: "PURCHASE", amount: "-5000" })).toEqual({ amount: "validation.amountNegative" });
    expect(fieldErrors({ ...money, type: "REFUND", amount: "-5000" })).toEqual({ amount: "validation.amountNegative" });
    expect(fieldErrors({ ...money, type: "PURCHASE", amount: "999999999999999.99", numberLocale: "en" })).toEqual({
      amount: "validation.amountFraction",
    });
    expect(fieldErrors({ ...money, type: "PURCHASE", amount: "999.999.999.999.999" })).toEqual({ amount: "validation.amountTooLarge" });
    expect(fieldErrors({ ...money, type: "PURCHASE", amount: "1000", numberLocale: "fr" })).toHaveProperty("numberLocale");
  });

  it("refuses currencies that are not ISO codes and refund links on anything but a refund", () => {
    expect(fieldErrors({ ...valid, type: "PURCHASE", amount: "1000", currency: "rupiah" })).toEqual({ currency: "validation.currencyNotSupported" });
    expect(fieldErrors({ ...valid, refundOfId: valid.customerId })).toEqual({ refundOfId: "validation.refundOfOnlyRefund" });
    expect(fieldErrors({ ...valid, type: "REFUND", amount: "1000", refundOfId: "x" })).toEqual({ refundOfId: "validation.refundOf" });
    expect(fieldErrors({ ...valid, type: "REFUND", amount: "1000", refundOfId: valid.customerId })).toEqual({});
  });

  it("refuses dates that are not dates instead of storing 1970", () => {
    for (const occurredAt of [null, true, false, 0, 1_700_000_000_000, [], ["2025-01-01T00:00:00Z"], {}, "nope", "2025-01-01", undefined]) {
      expect(fieldErrors({ ...valid, occurredAt }), JSON.stringify(occurredAt)).toEqual({ occurredAt: "validation.date" });
    }
    expect(fieldErrors({ ...valid, occurredAt: new Date(Number.NaN) })).toEqual({ occurredAt: "validation.date" });
    const parsed = logTouchpointInput.parse({ ...valid, occurredAt: "2025-03-01T10:00:00+07:00" });
    expect(parsed.occurredAt.toISOString()).toBe("2025-03-01T03:00:00.000Z");
  });

  it("keeps dates within a plausible range: from 2000 to a few minutes from now", () => {
    const year = (y: number) => {
      const d = new Date("2020-06-01T00:00:00Z");
      d.setUTCFullYear(y);
      return d;
    };
    for (const d of [year(0), year(1), year(-5000), year(1999), new Date(-8.64e15), new Date("1970-01-01T00:00:00Z")]) {
      expect(fieldErrors({ ...valid, occurredAt: d }), d.toISOString()).toEqual({ occurredAt: "validation.dateTooEarly" });
    }
    expect(fieldErrors({ ...valid, occurredAt: new Date(8.64e15) })).toEqual({ occurredAt: "validation.future" });
    expect(fieldErrors({ ...valid, occurredAt: "+275760-09-13T00:00:00Z" })).toEqual({ occurredAt: "validation.date" });
    expect(fieldErrors({ ...valid, occurredAt: new Date("2000-01-01T00:00:00Z") })).toEqual({});
    expect(fieldErrors({ ...valid, occurredAt: new Date(Date.now() + 4 * 60_000) })).toEqual({});
  });

  it("names each bad field", () => {
    expect(
      Object.keys(fieldErrors({ customerId: "x", channel: "PIGEON", type: "", direction: "SIDEWAYS", occurredAt: "nope" })).sort(),
    ).toEqual(["channel", "customerId", "direction", "occurredAt", "type"]);
  });

  it("refuses touchpoints in the future but accepts back-filled history", () => {
    expect(fieldErrors({ ...valid, occurredAt: new Date(Date.now() + 3_600_000) })).toEqual({ occurredAt: "validation.future" });
    expect(fieldErrors({ ...valid, occurredAt: new Date("2024-01-01T00:00:00Z") })).toEqual({});
  });

  it("limits free text length", () => {
    expect(fieldErrors({ ...valid, notes: "x".repeat(2001) })).toEqual({ notes: "validation.tooLong" });
  });
});
