// Puts field errors (from the shared zod schema or from the server) next to a form's fields, and says
// what any other failed mutation means.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { z } from "zod";
import { TRPCClientError } from "@trpc/client";
import { fieldErrorsFromZod, type FieldErrors } from "@/server/domain/field-errors";
import { translateMessage, type Translate } from "@/server/i18n";

export function applyFieldErrors<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  errors: FieldErrors,
  t: Translate,
) {
  for (const [path, messages] of Object.entries(errors)) {
    const top = path.split(".")[0] as Path<T>;
    const message = translateMessage(t, messages[0] ?? "");
    if (fields.includes(top)) setError(top, { message });
    else setError("root", { message });
  }
}

/** Parses with the schema the server uses; on failure shows each message next to its field and
 * returns null. */
export function parseForForm<S extends z.ZodType, T extends FieldValues>(
  schema: S,
  value: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  t: Translate,
): z.output<S> | null {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  applyFieldErrors(setError, fields, fieldErrorsFromZod(parsed.error), t);
  return null;
}

function fieldErrorsOf(error: unknown): FieldErrors | null {
  return error instanceof TRPCClientError ? ((error.data?.fieldErrors as FieldErrors | undefined) ?? null) : null;
}

/** One sentence for a failed mutation: its first field message, a conflict with someone else's
 * change, or the generic error. */
export function mutationErrorMessage(error: unknown, t: Translate): string {
  const first = Object.values(fieldErrorsOf(error) ?? {})[0]?.[0];
  if (first) return translateMessage(t, first);
  if (error instanceof TRPCClientError && error.data?.code === "CONFLICT") return t("customer.conflict");
  return t("error.generic");
}

/** A failed mutation in a form: field errors next to the fields, anything else as the form's error. */
export function applyMutationError<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  error: unknown,
  t: Translate,
) {
  const fieldErrors = fieldErrorsOf(error);
  if (fieldErrors) applyFieldErrors(setError, fields, fieldErrors, t);
  else setError("root", { message: mutationErrorMessage(error, t) });
}
