// Field errors: messages (i18n keys) by field path, the one shape that forms and the API show.
import type { ZodError } from "zod";

export type FieldErrors = Record<string, string[]>;

export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_"] ??= []).push(issue.message);
  return out;
}
