// Puts field errors (from the shared zod schema or from the server) next to a form's fields.
import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import { TRPCClientError } from "@trpc/client";
import type { FieldErrors } from "@/server/domain/field-errors";
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

/** A failed mutation: its field errors next to the fields, anything else as the form's generic error. */
export function applyMutationError<T extends FieldValues>(
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  error: unknown,
  t: Translate,
) {
  const fieldErrors: FieldErrors | null | undefined = error instanceof TRPCClientError ? error.data?.fieldErrors : null;
  if (fieldErrors) applyFieldErrors(setError, fields, fieldErrors, t);
  else setError("root", { message: t("error.generic") });
}
