import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fieldErrorsFromZod } from "@/server/domain/field-errors";

describe("fieldErrorsFromZod", () => {
  const schema = z.object({
    name: z.string().min(1, "validation.required"),
    tags: z.array(z.string().max(3, "validation.tooLong")),
  });

  it("groups messages by dotted field path", () => {
    const result = schema.safeParse({ name: "", tags: ["ok", "toolong", "alsotoolong"] });
    expect(result.success).toBe(false);
    expect(fieldErrorsFromZod(result.error!)).toEqual({
      name: ["validation.required"],
      "tags.1": ["validation.tooLong"],
      "tags.2": ["validation.tooLong"],
    });
  });

  it("puts errors about the whole input under _", () => {
    const result = z.string().safeParse(42);
    expect(Object.keys(fieldErrorsFromZod(result.error!))).toEqual(["_"]);
  });
});
