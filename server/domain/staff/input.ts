// Validation of staff accounts managed by owners; shared by the tRPC router and the forms.
// Messages are i18n keys.
import { z } from "zod";
import { Role } from "../../db/generated/enums";
import { noNul, requiredText } from "../values/text-fields";

export const MIN_PASSWORD_LENGTH = 10;

const password = z
  .string()
  .min(MIN_PASSWORD_LENGTH, "validation.passwordLength")
  .max(200, "validation.tooLong")
  .refine(noNul, "validation.invalidCharacters");

const name = requiredText(100);

export const createStaffInput = z.object({
  name,
  email: requiredText(254)
    .transform((v) => v.toLowerCase())
    .refine((v) => z.email().safeParse(v).success, "validation.email"),
  role: z.enum(Role, "validation.required"),
  /** The first password; the owner passes it on and the staff member signs in with it. */
  password,
});

/** Changes to an account; fields left out stay as they are. */
export const updateStaffInput = z.object({
  id: z.uuid(),
  name: name.optional(),
  role: z.enum(Role, "validation.required").optional(),
  active: z.boolean().optional(),
});

export const setStaffPasswordInput = z.object({ id: z.uuid(), password });
