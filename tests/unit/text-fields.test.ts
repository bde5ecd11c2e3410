import { describe, expect, it } from "vitest";
import { z } from "zod";
import { clearableText, multilineText, optionalText, requiredText, singleLineText, withoutBidiControls } from "@/server/domain/values/text-fields";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";
import { createStaffInput } from "@/server/domain/staff/input";

const errorsOf = (schema: z.ZodType, value: unknown) => {
  const result = z.object({ field: schema }).safeParse({ field: value });
  return result.success ? null : fieldErrorsFromZod(result.error);
};

describe("text building blocks", () => {
  it("removes every bidirectional control character", () => {
    const controls = ["\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069", "\u200E", "\u200F", "\u061C"];
    expect(withoutBidiControls(controls.map((c) => `${c}x`).join(""))).toBe("x".repeat(controls.length));
    expect(requiredText(50).parse("\u202Eevil")).toBe("evil");
    expect(optionalText(50).parse(" \u2067Bandung\u2069 ")).toBe("Bandung");
    // Letters of right-to-left scripts are text, not controls.
    expect(requiredText(50).parse("مرحبا")).toBe("مرحبا");
  });

  it("refuses a NUL byte in every kind of text, naming the field", () => {
    for (const schema of [singleLineText(50), requiredText(50), optionalText(50), clearableText(50), multilineText(50)]) {
      expect(errorsOf(schema, "a\u0000b")).toEqual({ field: ["validation.invalidCharacters"] });
    }
  });

  it("refuses a lone UTF-16 surrogate (PostgreSQL's JSON cannot hold it) and keeps a paired one (an emoji)", () => {
    for (const schema of [singleLineText(50), requiredText(50), optionalText(50), clearableText(50), multilineText(50)]) {
      for (const bad of ["a\ud800b", "\udc00", "x\ud83d"]) expect(errorsOf(schema, bad)).toEqual({ field: ["validation.invalidCharacters"] });
      expect(errorsOf(schema, "Kopi \ud83d\ude00")).toBeNull();
    }
  });

  it("counts the length after trimming and removing controls", () => {
    expect(requiredText(3).parse(` ${"\u202E".repeat(10)}abc `)).toBe("abc");
    expect(errorsOf(requiredText(3), "abcd")).toEqual({ field: ["validation.tooLong"] });
    expect(errorsOf(requiredText(3), " \u202E ")).toEqual({ field: ["validation.required"] });
    expect(errorsOf(multilineText(5), "x".repeat(6))).toEqual({ field: ["validation.tooLong"] });
  });

  it("tells an absent field (unchanged) from an explicitly empty one (cleared)", () => {
    const schema = z.object({ city: clearableText(20) });
    expect(schema.parse({})).toEqual({ city: undefined });
    expect(schema.parse({ city: null })).toEqual({ city: null });
    expect(schema.parse({ city: "  " })).toEqual({ city: null });
    expect(schema.parse({ city: " Medan " })).toEqual({ city: "Medan" });
  });

  it("keeps line breaks and bidi marks in notes, trimmed", () => {
    expect(multilineText(50).parse("  line one\nline \u200Ftwo  ")).toBe("line one\nline \u200Ftwo");
  });

  it("answers a wrong type with an i18n key, not zod's English", () => {
    expect(errorsOf(requiredText(10), 42)).toEqual({ field: ["validation.invalid"] });
    expect(errorsOf(requiredText(10), ["a"])).toEqual({ field: ["validation.invalid"] });
  });

  it("applies to staff names and emails too", () => {
    const base = { name: "Budi", email: "budi@toko.id", role: "SALES", password: "0123456789" };
    expect(createStaffInput.parse({ ...base, name: "\u202ESiti" }).name).toBe("Siti");
    const nul = createStaffInput.safeParse({ ...base, name: "Bu\u0000di", email: "" });
    expect(fieldErrorsFromZod(nul.error!)).toEqual({ name: ["validation.invalidCharacters"], email: ["validation.required"] });
  });
});
