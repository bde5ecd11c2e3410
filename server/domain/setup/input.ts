// The first-run form: the setup code from the server log, the first owner's account and, optionally,
// the business's name. Shared by the setup page and its server action. Client-safe.
import { z } from "zod";
import { businessName } from "../settings/input";
import { createStaffInput } from "../staff/input";

/** 32 characters without 0/O and 1/I, so a code read off a terminal is typed right the first time. */
export const SETUP_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
/** 12 characters of 5 bits each: 60 bits, shown as three groups of four. */
export const SETUP_CODE_LENGTH = 12;

/** "abcd efgh-jkmn" → "ABCDEFGHJKMN": case, spaces and dashes do not matter when typing the code. */
export function normalizeSetupCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, "");
}

const setupCode = z
  .string()
  .transform(normalizeSetupCode)
  .refine((code) => code.length > 0, "validation.required")
  .refine(
    (code) => code.length === 0 || (code.length === SETUP_CODE_LENGTH && [...code].every((c) => SETUP_CODE_ALPHABET.includes(c))),
    "setup.codeFormat",
  );

/** The same name, email and password rules as any staff account (staff-input.ts). */
export const setupInput = createStaffInput.pick({ name: true, email: true, password: true }).extend({
  code: setupCode,
  businessName: businessName.optional(),
});

export type SetupInput = z.output<typeof setupInput>;
