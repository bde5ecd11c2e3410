import { describe, expect, it } from "vitest";
import { phoneKind, toE164 } from "@/server/domain/values/phone";
import { createCustomerInput } from "@/server/domain/customers/input";

describe("toE164", () => {
  it("adds Indonesia's code to numbers typed the local way", () => {
    expect(toE164("0812-3456-7890")).toBe("+6281234567890");
    expect(toE164("(021) 555 1234")).toBe("+62215551234");
    expect(toE164("812 3456 7890")).toBe("+6281234567890");
    expect(toE164("6281234567890")).toBe("+6281234567890");
  });

  it("reads the ways Indonesians write the country code, trunk zero and international prefix", () => {
    for (const typed of [
      "+62 (0)812-3456-7890",
      "+62 0812-3456-7890",
      "+620812 3456 7890",
      "62 0812 3456 7890",
      "62 812 3456 7890",
      "0062 812 3456 7890",
      "0812.3456.7890",
    ]) {
      expect(toE164(typed), typed).toBe("+6281234567890");
    }
  });

  it("uses the business's phone country for numbers without a country code", () => {
    expect(toE164("9123 4567", "SG")).toBe("+6591234567");
    expect(toE164("9123 4567")).toBeNull();
  });

  it("refuses numbers outside the country's numbering plan, not only by length", () => {
    for (const bad of ["0812 3456", "+62 812 0000", "081234567890123", "+62 000 1234 5678"]) expect(toE164(bad), bad).toBeNull();
  });

  it("tells mobile numbers from landlines", () => {
    expect(phoneKind("0812-3456-7890")).toBe("mobile");
    expect(phoneKind("(021) 555 1234")).toBe("landline");
    expect(phoneKind("12")).toBeNull();
  });

  it("keeps international numbers", () => {
    expect(toE164("+65 9123 4567")).toBe("+6591234567");
    expect(toE164("0065 9123 4567")).toBe("+6591234567");
  });

  it("refuses what cannot be a phone number", () => {
    for (const bad of ["", "abc", "+0812345678", "12", "+1234567890123456", "0812-ABCD-7890"]) expect(toE164(bad), bad).toBeNull();
  });
});

describe("createCustomerInput", () => {
  it("normalises email and tags, and keeps the phone as typed (the server reads it with the business's country)", () => {
    const parsed = createCustomerInput.parse({
      name: "  Siti Rahma ",
      phone: "0812 3456 7890",
      email: "Siti@Example.ID",
      tags: ["vip", " vip ", "reseller"],
    });
    expect(parsed).toMatchObject({ name: "Siti Rahma", phone: "0812 3456 7890", email: "siti@example.id", tags: ["vip", "reseller"] });
  });

  it("names each bad field", () => {
    const result = createCustomerInput.safeParse({ name: " ", phone: "12", email: "not-an-email" });
    expect(result.success).toBe(false);
    const errors = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(errors).toEqual({ name: "validation.required", phone: "validation.phone", email: "validation.email" });
  });
});
