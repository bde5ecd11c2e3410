// Zod building blocks shared by the input schemas. Messages are i18n keys.
import { z } from "zod";

/** Optional free text, trimmed; empty becomes undefined. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "validation.tooLong")
    .optional()
    .transform((v) => (v ? v : undefined));
