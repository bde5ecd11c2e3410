import { describe, expect, it } from "vitest";
import { logTouchpointInput } from "@/server/domain/touchpoint-input";

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
  it("accepts a minimal touchpoint and defaults the currency to IDR", () => {
    const parsed = logTouchpointInput.parse({ ...valid, context: "  ", need: "ingin hemat ongkir " });
    expect(parsed.currency).toBe("IDR");
    expect(parsed.context).toBeUndefined();
    expect(parsed.need).toBe("ingin hemat ongkir");
  });

  it("requires an amount for purchases and refuses one otherwise", () => {
    expect(fieldErrors({ ...valid, type: "PURCHASE" })).toEqual({ amount: "validation.amountRequired" });
    expect(fieldErrors({ ...valid, amount: "1000" })).toEqual({ amount: "validation.amountOnlyPurchase" });
    expect(fieldErrors({ ...valid, type: "PURCHASE", amount: "12,5.0" })).toEqual({ amount: "validation.amountFormat" });
    expect(logTouchpointInput.parse({ ...valid, type: "PURCHASE", amount: "-5000" }).amount).toBe("-5000");
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
