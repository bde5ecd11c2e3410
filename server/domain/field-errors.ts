// Field errors: messages (i18n keys) by field path, the one shape that forms and the API show.
import type { ZodError } from "zod";

export type FieldErrors = Record<string, string[]>;

type Issue = ZodError["issues"][number];

/** Our schemas give i18n keys; zod's own English messages ("Invalid input: expected string,
 * received Date") describe the parser, not the form, so they become a key too. */
function messageKey(issue: Issue): string {
  if (issue.message.startsWith("validation.")) return issue.message;
  if (issue.code === "too_big") return issue.origin === "array" || issue.origin === "set" ? "validation.tooMany" : "validation.tooLong";
  return "validation.invalid";
}

export function fieldErrorsFromZod(error: ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_"] ??= []).push(messageKey(issue));
  return out;
}
